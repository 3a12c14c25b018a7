// Shared tsup settings: every package builds to ESM + .d.ts from src/, nothing else.
import { defineConfig, type Options } from 'tsup';

export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    removeNodeProtocol: false,
    external: [/^node:/],
    splitting: true,
    ...overrides,
  });
}
