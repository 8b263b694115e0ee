import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  resolve: {
    // surfaces/ imports '@tensorflow/tfjs'; in the browser it needs tfjs-core and the cpu backend
    // only (see src/surfaces/tfjs-cpu-only.ts). The exact specifier only: nothing else is redirected.
    alias: [{ find: /^@tensorflow\/tfjs$/, replacement: fileURLToPath(new URL('./src/surfaces/tfjs-cpu-only.ts', import.meta.url)) }],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8787', '/healthz': 'http://127.0.0.1:8787' } },
});
