import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sharedAssets } from './vite/shared-assets.js';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer). A static host
// without these headers still works: wasm then runs on one thread and the backend report says why.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  // ../shared beside the repository; DENDRITE_SHARED_DIR points elsewhere (a git worktree).
  plugins: [sharedAssets(process.env['DENDRITE_SHARED_DIR'] ?? fileURLToPath(new URL('../../../shared', import.meta.url)))],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // Names are shortened, but the code is not rewritten: the wasm backend sends its threaded
      // module's source text to its workers, and compression turns its `typeof x !== 'undefined'`
      // guards into `x !== void 0`, which throws there ("e is not defined").
      output: { minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } } },
    },
  },
});
