// stories260K on webgpu, an asynchronous backend (SwiftShader where no GPU exists): the f32
// greedy text starts as run.c's and the lines perplexity of a few lines is cpu's. Short, because
// SwiftShader is slow: the full 256 steps and the whole sample run once, through the CLI
// (apps/cli/src/commands/llm-engine.test.ts). Locally without an adapter the suite is skipped
// with the reason; in CI (CI=true) that fails.
import { webgpuBackend } from '@lowbit/backend-webgpu';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { webgpuOrSkip } from '../../../../tooling/test-helpers/webgpu.ts';
import { golden, loadFixture, sampleText, testEngine, tok512 } from '../__fixtures__/stories.ts';
import { generate } from '../generate.ts';
import { perplexity } from '../perplexity.ts';

registerAllFormats();

function gpuEngine() {
  return testEngine().use(webgpuBackend({ forceF32: true }));
}

const available = await webgpuOrSkip(gpuEngine());

describe.runIf(available)('stories260K.bin on webgpu (f32)', () => {
  it('greedy generation starts with run.c’s text', async () => {
    const engine = gpuEngine();
    const model = await loadFixture('llama2c/stories260K.bin', 'webgpu', engine);
    const ref = golden('golden-greedy.json');
    let text = '';
    for await (const t of generate(model, await tok512(), ref.prompt, { steps: 48 }))
      text += t.text;
    expect(text.length).toBeGreaterThan(100);
    expect(ref.output.startsWith(`${ref.prompt}${text}`)).toBe(true);
    // Every op ran on the device: nothing was detoured through the host.
    expect(model.weights.output.weight.backend.name).toBe('webgpu');
    model.close();
  });

  it('lines perplexity of tinystories_sample’s first lines matches cpu to 1e-4 relative', async () => {
    const text = sampleText().split('\n').slice(0, 4).join('\n');
    const tokenizer = await tok512();
    const cpu = await loadFixture('llama2c/stories260K.bin', 'cpu');
    const want = await perplexity(cpu, tokenizer, text);
    cpu.close();
    const gpu = await loadFixture('llama2c/stories260K.bin', 'webgpu', gpuEngine());
    const got = await perplexity(gpu, tokenizer, text);
    gpu.close();
    expect(got.scoredTokens).toBe(want.scoredTokens);
    expect(Math.abs(got.perplexity / want.perplexity - 1)).toBeLessThan(1e-4);
  });
});
