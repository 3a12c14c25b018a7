import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadPool } from './thread-pool.ts';
import { MAX_ARGS } from './worker-source.ts';

/**
 * A hand-assembled module over one shared page: `finish(at)` counts 2^26 loop steps, then
 * atomically adds 1 to the i32 at `at` (so a worker is still busy long after a failing part
 * has thrown); `trap()` hits `unreachable`.
 */
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // types: (i32) -> (), () -> ()
  0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00,
  // import env.memory: shared, 1 page
  0x02, 0x10, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03,
  0x01, 0x01,
  // functions: finish, trap
  0x03, 0x03, 0x02, 0x00, 0x01,
  // exports
  0x07, 0x11, 0x02, 0x06, 0x66, 0x69, 0x6e, 0x69, 0x73, 0x68, 0x00, 0x00, 0x04, 0x74, 0x72, 0x61,
  0x70, 0x00, 0x01,
  // code
  0x0a, 0x25, 0x02,
  // finish: loop { i += 1; br_if i < 2^26 }; i32.atomic.rmw.add at 1; drop
  0x1f, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x22, 0x01, 0x41, 0x80, 0x80,
  0x80, 0x20, 0x49, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x41, 0x01, 0xfe, 0x1e, 0x02, 0x00, 0x1a, 0x0b,
  // trap: unreachable
  0x03, 0x00, 0x00, 0x0b,
]);

const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
const counter = new Int32Array(memory.buffer, 0, 1);
let pool: ThreadPool;

beforeAll(async () => {
  const module = new WebAssembly.Module(MODULE);
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  pool = (await ThreadPool.create(
    module,
    memory,
    {
      ...exports,
      noop: () => {},
      boom: () => {
        throw new Error('main part failed');
      },
    },
    2,
  ))!;
  expect(pool.size).toBe(3);
});
afterAll(() => pool.dispose());

function caught(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected run() to throw');
}

const finish = { fn: 'finish', args: [0] };

describe('wasm thread pool failures', () => {
  it("waits for every worker before the main part's error surfaces", () => {
    Atomics.store(counter, 0, 0);
    const error = caught(() => pool.run([{ fn: 'boom', args: [] }, finish, finish]));
    expect(Atomics.load(counter, 0)).toBe(2);
    expect((error as Error).message).toBe('main part failed');
  });

  it('waits for every worker before a trapped worker is reported', () => {
    Atomics.store(counter, 0, 0);
    const error = caught(() =>
      pool.run([{ fn: 'noop', args: [] }, { fn: 'trap', args: [] }, finish]),
    );
    expect(Atomics.load(counter, 0)).toBe(1);
    expect(error).toMatchObject({ code: 'E_BACKEND_INIT' });
  });

  it('checks every call has room for its arguments before posting any', () => {
    Atomics.store(counter, 0, 0);
    const tooMany = { fn: 'finish', args: new Array(MAX_ARGS + 1).fill(0) };
    expect(caught(() => pool.run([{ fn: 'noop', args: [] }, finish, tooMany]))).toMatchObject({
      code: 'E_ARGUMENT',
    });
    pool.run([{ fn: 'noop', args: [] }, finish, finish]);
    expect(Atomics.load(counter, 0)).toBe(2);
  });
});
