import { describe, expect, it, vi } from 'vitest';
import { type HostBackend, hostPlugin } from '../__fixtures__/host-backend.ts';
import { add } from '../ops/elementwise.ts';
import { reshape } from '../ops/reshape.ts';
import { Engine } from './engine.ts';

function engineWith() {
  const engine = new Engine({ logger: { warn: vi.fn() } });
  engine.use(hostPlugin('cpu', 1));
  return engine;
}

describe('tidy', () => {
  it('disposes what fn made, keeps what it returns and its inputs', () => {
    const engine = engineWith();
    const a = engine.tensor([1, 2]);
    let inner!: ReturnType<typeof add>;
    const out = engine.tidy(() => {
      inner = add(a, a);
      return add(inner, a);
    });
    expect(inner.disposed).toBe(true);
    expect(out.disposed).toBe(false);
    expect(a.disposed).toBe(false);
    expect(Array.from(out.readSync())).toEqual([3, 6]);
  });

  it('finds returned tensors in arrays and plain objects, and views keep their bytes', () => {
    const engine = engineWith();
    const a = engine.tensor([1, 2, 3, 4]);
    let source!: ReturnType<typeof add>;
    const { pair, view } = engine.tidy(() => {
      source = add(a, a);
      return { pair: [add(a, a), add(a, a)], view: reshape(source, [2, 2]) };
    });
    expect(pair.every((t) => !t.disposed)).toBe(true);
    expect(source.disposed).toBe(true);
    expect(Array.from(view.readSync())).toEqual([2, 4, 6, 8]);
  });

  it('nested scopes hand returned tensors to the outer one; keep() exempts a tensor', () => {
    const engine = engineWith();
    const a = engine.tensor([1]);
    let fromInner!: ReturnType<typeof add>;
    let kept!: ReturnType<typeof add>;
    engine.tidy(() => {
      fromInner = engine.tidy(() => add(a, a));
      expect(fromInner.disposed).toBe(false);
      kept = engine.keep(add(a, a));
      return undefined;
    });
    expect(fromInner.disposed).toBe(true);
    expect(kept.disposed).toBe(false);
  });

  it('disposes everything when fn throws, and refuses an async fn', () => {
    const engine = engineWith();
    const a = engine.tensor([1]);
    let made!: ReturnType<typeof add>;
    expect(() =>
      engine.tidy(() => {
        made = add(a, a);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(made.disposed).toBe(true);
    expect(() => engine.tidy(async () => add(a, a))).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });

  it('asks the backend to watch only storage no scope will dispose', () => {
    const engine = engineWith();
    const backend = engine.backends.getSync('cpu') as HostBackend;
    const a = engine.tensor([1, 2]);
    expect(backend.watched.has(a.handle)).toBe(true);
    let inner!: ReturnType<typeof add>;
    let kept!: ReturnType<typeof add>;
    const out = engine.tidy(() =>
      engine.tidy(() => {
        inner = add(add(a, a), a);
        kept = engine.keep(add(a, a));
        return add(inner, a);
      }),
    );
    // a, kept and out: the op results disposed inside the scopes were never registered.
    expect(backend.watched.size).toBe(3);
    expect(backend.watched.has(kept.handle) && backend.watched.has(out.handle)).toBe(true);
    expect(backend.watched.has(inner.handle)).toBe(false);
  });
});
