// Where a token's time goes, by engine op: the bench wraps one engine's `run`/`runOne` in a
// timer while a task runs (the product's dispatch is untouched; ops are synchronous on cpu and
// wasm, so an op's wall time is its kernel plus dispatch). Linears are split by weight shape.
// What no op accounts for (the session's JS, logits readback, argmax) is reported as "host".

const keyOf = (op, inputs) => {
  if (op !== 'linear') return op;
  const w = inputs[1];
  return `linear ${w.shape.join('×')} ${w.format.name}`;
};

/** Runs `task` `times` times with every op timed; ms per call by op, and the total. */
export async function profileOps(engine, task, times) {
  const spent = new Map();
  const wrap = (method) => {
    const original = engine[method];
    engine[method] = function timed(op, inputs, ...rest) {
      const start = performance.now();
      try {
        return original.call(this, op, inputs, ...rest);
      } finally {
        const key = keyOf(op, inputs);
        spent.set(key, (spent.get(key) ?? 0) + performance.now() - start);
      }
    };
    return () => delete engine[method];
  };
  const unwrap = [wrap('run'), wrap('runOne')];
  const start = performance.now();
  try {
    for (let i = 0; i < times; i++) await task();
  } finally {
    for (const u of unwrap) u();
  }
  const total = (performance.now() - start) / times;
  const byOp = [...spent].map(([op, ms]) => [op, ms / times]).sort((a, b) => b[1] - a[1]);
  const inOps = byOp.reduce((sum, [, ms]) => sum + ms, 0);
  return { total, byOp: [...byOp, ['host (session JS, logits readback, argmax)', total - inOps]] };
}
