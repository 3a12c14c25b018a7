/** Bundles a TypeScript entry into one .mjs that plain `node` can run in a child process. */
import { createRequire } from 'node:module';
import { join } from 'node:path';

// esbuild comes with vite (a root dev dependency); the tests need no build of their own.
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}
const esbuild = createRequire(createRequire(import.meta.url).resolve('vite'))('esbuild') as Esbuild;

export async function bundleForNode(entry: string, folder: string): Promise<string> {
  const outfile = join(folder, 'child.mjs');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
