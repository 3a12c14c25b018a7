/**
 * Worker threads sharing the kernels' linear memory. `run` hands each call but the first to a
 * worker through a SharedArrayBuffer control slot, runs the first itself, then blocks
 * (Atomics.wait) until all are done — ops stay synchronous. Blocking is allowed in Node's main
 * thread and in browser workers; where it is not (a browser page's main thread) or shared
 * memory is unavailable (no cross-origin isolation), `create` returns undefined and the kernels
 * run on one thread.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import {
  ARGC,
  ARGS_AT,
  DONE,
  FAILED,
  FUNCTION,
  MAX_ARGS,
  POSTED,
  SLOT_BYTES,
  WORKER_SOURCE,
} from './worker-source.ts';

/** One export call: its name and numeric arguments. */
export interface Call {
  fn: string;
  args: readonly number[];
}

interface Thread {
  terminate(): unknown;
}

interface ThreadInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  names: readonly string[];
}

/** Whether this thread may block in Atomics.wait (browsers forbid it on the main thread). */
export function canBlock(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts one worker and resolves once its module is instantiated. */
async function spawn(init: ThreadInit): Promise<Thread> {
  const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
  if (isNode) {
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(
      /* @vite-ignore */ specifier
    )) as typeof import('node:worker_threads');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: init });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.unref();
    return worker;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(init);
  });
  return worker;
}

export class ThreadPool {
  private readonly state: Int32Array;
  private readonly args: Float64Array;
  private readonly index: Map<string, number>;
  private disposed = false;

  private constructor(
    private readonly threads: Thread[],
    control: SharedArrayBuffer,
    names: readonly string[],
    private readonly exports: Record<string, unknown>,
  ) {
    this.state = new Int32Array(control);
    this.args = new Float64Array(control);
    this.index = new Map(names.map((name, i) => [name, i]));
  }

  /**
   * `workers` threads beside the caller, each instantiating `module` over `memory`; undefined
   * where the caller may not block or threads cannot start.
   */
  static async create(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    exports: Record<string, unknown>,
    workers: number,
  ): Promise<ThreadPool | undefined> {
    if (workers < 1 || !canBlock()) return undefined;
    const names = Object.keys(exports).filter((name) => typeof exports[name] === 'function');
    const control = new SharedArrayBuffer(SLOT_BYTES * workers);
    const started = await Promise.allSettled(
      Array.from({ length: workers }, (_, slot) => spawn({ module, memory, control, slot, names })),
    );
    const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (threads.length < workers) {
      for (const thread of threads) thread.terminate();
      return undefined;
    }
    return new ThreadPool(threads, control, names, exports);
  }

  /** Threads that run calls: the workers and the caller. */
  get size(): number {
    return this.threads.length + 1;
  }

  /** Runs `calls` (at most `size`) at once: the first on this thread. */
  run(calls: readonly Call[]): void {
    // The workers are gone: waiting for them would block this thread forever.
    if (this.disposed) {
      throw new LowbitError(
        ErrorCode.BackendDisposed,
        'The wasm backend was disposed (its worker threads stopped); register a new one.',
      );
    }
    const tooLong = calls.find((call) => call.args.length > MAX_ARGS);
    if (tooLong) {
      throw new LowbitError(
        ErrorCode.Argument,
        `wasm threads: ${tooLong.fn} got ${tooLong.args.length} arguments, at most ${MAX_ARGS} fit a slot.`,
      );
    }
    const posted: number[] = [];
    let failure: unknown;
    try {
      for (let t = 1; t < calls.length; t++) posted.push(this.post(t - 1, calls[t]!));
      const first = calls[0];
      if (first) (this.exports[first.fn] as (...args: number[]) => void)(...first.args);
    } catch (error) {
      failure = error;
    }
    // Every posted worker is waited for, even after a failure: the caller's unwinding frees
    // memory (frames, outputs) that a still-running worker would write into.
    posted.forEach((want, i) => {
      if (this.wait(i, want) && failure === undefined) {
        failure = new LowbitError(
          ErrorCode.BackendInit,
          `wasm worker ${i + 1} trapped in ${calls[i + 1]!.fn}; create the backend with threads: 1 to run on one thread.`,
        );
      }
    });
    if (failure !== undefined) throw failure;
  }

  /** Hands `call` to worker `slot`; returns the job number its DONE field will reach. */
  private post(slot: number, { fn, args }: Call): number {
    const base = (slot * SLOT_BYTES) / 4;
    this.args.set(args, (slot * SLOT_BYTES + ARGS_AT) / 8);
    this.state[base + FUNCTION] = this.index.get(fn)!;
    this.state[base + ARGC] = args.length;
    const job = Atomics.add(this.state, base + POSTED, 1) + 1;
    Atomics.notify(this.state, base + POSTED);
    return job;
  }

  /** Blocks until worker `slot` has finished job `want`; whether it trapped. */
  private wait(slot: number, want: number): boolean {
    const at = (slot * SLOT_BYTES) / 4 + DONE;
    for (
      let done = Atomics.load(this.state, at);
      done !== want;
      done = Atomics.load(this.state, at)
    )
      Atomics.wait(this.state, at, done);
    return this.state[(slot * SLOT_BYTES) / 4 + FAILED] !== 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.threads.forEach((thread, i) => {
      const base = (i * SLOT_BYTES) / 4;
      this.state[base + FUNCTION] = -1;
      Atomics.add(this.state, base + POSTED, 1);
      Atomics.notify(this.state, base + POSTED);
      thread.terminate();
    });
  }
}
