import { defaultClientConditions, defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, which wasm threads need.
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Workspace packages are consumed from their sources (the `@lowbit/source` export condition), so
// neither `vite` nor `vite build` needs the packages built first.
const conditions = ['@lowbit/source', ...defaultClientConditions];

export default defineConfig({
  base: './',
  resolve: { conditions },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: 0 },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
