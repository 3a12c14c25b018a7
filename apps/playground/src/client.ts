/** The page's side of the worker protocol: `call(kind, args)` resolves with the typed result. */
import type { CallKind, Calls, CodedError, Request, Response } from './protocol.ts';

export class CallError extends Error {
  constructor(readonly coded: CodedError) {
    super(`${coded.code}: ${coded.message}`);
  }
}

const worker = new Worker(new URL('./worker/engine-worker.ts', import.meta.url), {
  type: 'module',
});
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 1;

worker.onmessage = (event: MessageEvent<Response>) => {
  const response = event.data;
  const waiting = pending.get(response.id);
  if (!waiting) return;
  pending.delete(response.id);
  if (response.ok) waiting.resolve(response.result);
  else waiting.reject(new CallError(response.error));
};

worker.onerror = (event) => {
  const error = new CallError({
    code: 'E_WORKER',
    message: event.message || 'The engine worker failed to start.',
  });
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
};

export function call<K extends CallKind>(
  kind: K,
  args: Calls[K]['args'],
): Promise<Calls[K]['result']> {
  const id = nextId++;
  const request: Request<K> = { id, kind, args };
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage(request);
  });
}
