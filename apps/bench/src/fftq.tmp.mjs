import { fft } from '@lowbit/core';
import FFT from 'fft.js';
import { engines, randomFloats } from '/work/wt-s3-speed/apps/bench/src/measure.mjs';
const { wasm } = await engines();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const best = (f, reps) => { let b = Infinity; for (let r = 0; r < 7; r++) { const t = cpu(); for (let i = 0; i < reps; i++) f(); b = Math.min(b, (cpu() - t) / reps); } return b; };
for (const log2 of (process.argv[2] ?? '10,12,14,16').split(',').map(Number)) {
  const n = 2 ** log2, batch = 2 ** 18 / n;
  const re = randomFloats(n * batch, log2), im = randomFloats(n * batch, log2 + 1);
  const peer = new FFT(n); const input = peer.createComplexArray(); const output = peer.createComplexArray();
  for (let i = 0; i < 2 * n; i++) input[i] = re[i];
  const [wr, wi] = [wasm.tensor(re, [batch, n]), wasm.tensor(im, [batch, n])];
  const ratios = [];
  for (let k = 0; k < 3; k++) {
    const a = best(() => { const [x, y] = fft(wr, wi); x.dispose(); y.dispose(); }, 3);
    const p = best(() => { for (let r = 0; r < batch; r++) peer.transform(output, input); }, 3);
    ratios.push((p / a).toFixed(2));
  }
  console.log(n, 'ratio vs fft.js', ratios.join(' '));
}
