/**
 * The engine `generate` and `eval` run on (`--backend`). `auto`, the default, is the best backend
 * present: webgpu on a GPU, else wasm. A software WebGPU adapter (SwiftShader, lavapipe) runs on
 * the CPU slower than wasm, so only `--backend webgpu` by name takes one.
 */
import { existsSync } from 'node:fs';
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { webgpuBackend } from '@lowbit/backend-webgpu';
import { Engine, ErrorCode, LowbitError } from '@lowbit/core';
import { parseIntegerFlag } from '../flags.ts';

export const LLM_BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
export type LlmBackendChoice = (typeof LLM_BACKENDS)[number];
/** The backend a run resolved to. */
export type LlmBackend = Exclude<LlmBackendChoice, 'auto'>;

export interface LlmRunOptions {
  backend: LlmBackendChoice;
  /** wasm worker threads for large kernels (1: none). */
  threads: number;
}

export function parseLlmBackend(text: string | undefined): LlmBackendChoice {
  if (text === undefined) return 'auto';
  if ((LLM_BACKENDS as readonly string[]).includes(text)) return text as LlmBackendChoice;
  throw new LowbitError(
    ErrorCode.Usage,
    `--backend takes ${LLM_BACKENDS.join(', ')}, got "${text}".`,
  );
}

export function parseLlmThreads(text: string | undefined): number {
  return text === undefined ? 1 : parseIntegerFlag('--threads', text, { min: 1, max: 64 });
}

/** Debian's chromium package ships SwiftShader, a Vulkan driver on the CPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Adds SwiftShader to the Vulkan drivers Dawn sees, beside (not instead of) the system's, so a
 * machine without a GPU driver still has an adapter and one with a GPU keeps it (Dawn ranks
 * hardware first). A driver list the user set wins. Must run before Dawn creates its instance.
 */
function addSwiftShaderDriver(): void {
  const env = process.env;
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES || env.VK_ADD_DRIVER_FILES) return;
  if (existsSync(SWIFTSHADER_ICD)) env.VK_ADD_DRIVER_FILES = SWIFTSHADER_ICD;
}

export interface LlmEngine {
  engine: Engine;
  backend: LlmBackend;
  /** Releases the backends (the GPU device). */
  close(): void;
}

function closeEngine(engine: Engine): void {
  for (const { name } of engine.listBackends()) engine.unregisterBackend(name);
}

/** A fresh engine with `options.backend` (or auto's choice) initialised and active. */
export async function openLlmEngine(options: LlmRunOptions): Promise<LlmEngine> {
  const choice = options.backend;
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  if (choice === 'wasm' || choice === 'auto') engine.use(wasmBackend({ threads: options.threads }));
  if (choice === 'webgpu' || choice === 'auto') {
    addSwiftShaderDriver();
    engine.use(webgpuBackend({ hardwareOnly: choice === 'auto' }));
  }
  let backend: LlmBackend;
  try {
    if (choice === 'auto') backend = (await engine.ready()) as LlmBackend;
    else backend = (await engine.backends.select(choice)).name as LlmBackend;
  } catch (cause) {
    const reason = engine.listBackends().find((b) => b.name === 'webgpu')?.failure;
    closeEngine(engine);
    if (choice !== 'webgpu') throw cause;
    throw new LowbitError(
      ErrorCode.BackendInit,
      `--backend webgpu: no WebGPU device here (${reason ?? (cause as Error).message}). ` +
        'Run with --backend wasm, or auto to take the best backend present.',
      { details: { backend: 'webgpu' }, cause },
    );
  }
  return { engine, backend, close: () => closeEngine(engine) };
}
