import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/**
 * Where the bundle put the wasm backend's binaries, for `useWebPlatform({ wasmPaths })`: the
 * bundler renames them, so the backend cannot find them beside its own script.
 */
export const wasmPaths: Readonly<Record<string, string>> = {
  'tfjs-backend-wasm.wasm': new URL(plain, location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(simd, location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(threadedSimd, location.href).href,
};
