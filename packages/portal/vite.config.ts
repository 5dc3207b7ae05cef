import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The portal is built into dist/ and served by the trust server at / (docs/portal.md).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
});
