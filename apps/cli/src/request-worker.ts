/**
 * One request at a time to a worker thread of the built CLI (`analyze --threads`, `eval
 * --threads`). The worker script lies beside the built CLI in dist/; run from source it is absent
 * and commands run in their own thread. LowbitErrors cross as plain objects and are rebuilt here
 * with their code.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { type ErrorCode, LowbitError } from '@lowbit/core';

export interface RequestWorker<Request, Response> {
  request(message: Request): Promise<Response>;
  close(): Promise<void>;
}

type Failure = { code?: ErrorCode; message: string };

export function workerScriptAvailable(url: URL): boolean {
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}

export function requestWorker<Request, Response>(
  url: URL,
  workerData: unknown,
): RequestWorker<Request, Response> {
  const worker = new Worker(url, { workerData });
  let pending: { resolve(r: Response): void; reject(e: unknown): void } | undefined;
  worker.on('message', (message: { result?: Response; error?: Failure }) => {
    const settle = pending!;
    pending = undefined;
    const { error } = message;
    if (error === undefined) settle.resolve(message.result!);
    else
      settle.reject(
        error.code ? new LowbitError(error.code, error.message) : new Error(error.message),
      );
  });
  worker.on('error', (error) => pending?.reject(error));
  return {
    request: (message) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(message);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The worker side: answers each request with `handle`'s result or its error. */
export function serveRequests<Request, Response>(
  handle: (message: Request) => Promise<Response>,
): void {
  parentPort!.on('message', async (message: Request) => {
    try {
      parentPort!.postMessage({ result: await handle(message) });
    } catch (error) {
      parentPort!.postMessage({
        error: LowbitError.isInstance(error)
          ? { code: error.code, message: error.message }
          : { message: String(error) },
      });
    }
  });
}
