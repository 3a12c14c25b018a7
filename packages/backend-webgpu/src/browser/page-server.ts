/**
 * Test helper: a page's files served from memory on 127.0.0.1 (a secure context, as WebGPU
 * needs), with the script bundled for the browser by esbuild from the workspace sources.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

/** `entry` and everything it imports as one browser ES module (workspace packages from src). */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['@lowbit/source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `files` (path → [content type, body]) until closed; any other path is 404. */
export async function servePage(files: Record<string, [string, string]>): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    response.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    response.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
