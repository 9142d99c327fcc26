import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sharedAssets } from './vite/shared-assets.js';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer). `credentialless`
// (rather than `require-corp`) still lets the page download weights from another origin that
// allows it (CORS), such as Keras's. A static host without these headers still works: wasm then
// runs on one thread and the backend report says why.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

// The default weights and class names are part of the bundle (@dendrite/mobilenet-embedded). The
// course's photos are the tutorials app's own (apps/tutorials/photos, CC BY 3.0, with its NOTICE),
// served beside the page: ./boef.jpg and ./cats/f01.jpg ... Extra assets for experiments can be
// mounted at /models/ and /data/ from a folder named by DENDRITE_SHARED (nothing by default).
const extraAssets = process.env['DENDRITE_SHARED'] ?? process.env['DENDRITE_SHARED_DIR'];

export default defineConfig({
  base: './',
  publicDir: fileURLToPath(new URL('../tutorials/photos', import.meta.url)),
  plugins: extraAssets === undefined || extraAssets === '' ? [] : [sharedAssets(extraAssets)],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    // The built-in weights are one 5 MB chunk, loaded only when a part first needs the model.
    chunkSizeWarningLimit: 6144,
    rolldownOptions: {
      // Names are shortened, but the code is not rewritten: the wasm backend sends its threaded
      // module's source text to its workers, and compression turns its `typeof x !== 'undefined'`
      // guards into `x !== void 0`, which throws there ("e is not defined").
      output: { minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } } },
    },
  },
});
