import * as tf from '@tensorflow/tfjs-core';
import { activateBackend, startedBackend } from '@dendrite/core/internal';
import type { BackendLoader } from './backend-loader.js';
import { importOptionalPackage } from './import-optional-package.js';
import { createThreadedWasmBackend, threadSupportProblem } from './threaded-wasm-backend.js';

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

const packageName = '@tensorflow/tfjs-backend-wasm';

/**
 * Loads TensorFlow.js's WebAssembly backend, `'wasm'`: the SIMD + threads build when more than one
 * thread is wanted and Node allows it, otherwise the single-threaded build (the report says why).
 * A wasm backend already running in this process is reused as it is, since replacing it would
 * destroy its tensors.
 *
 * @param options - `threads` wanted (the build allows at most 8)
 * @returns whether it was installed, and words for the report such as `'2 threads, SIMD'`
 * @internal
 * @example
 * ```ts
 * const { reason } = await loadWasmBackend({ threads: 2 }); // '2 threads, SIMD'
 * ```
 */
export const loadWasmBackend: BackendLoader = async ({ threads }) => {
  const imported = await importOptionalPackage<WasmPackage>(packageName);
  if (!imported.installed) return { installed: false, reason: `${packageName} is not installed` };
  const wasm = imported.module;
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const simdWords = simd ? 'SIMD' : 'no SIMD';

  if (startedBackend('wasm') !== undefined) {
    await activateBackend('wasm');
    return { installed: true, reason: `${threadWords(wasm.getThreadsCount())}, ${simdWords}, already running` };
  }

  let singleThreaded = '';
  if (threads > 1) {
    const problem = simd ? threadSupportProblem() : 'the threaded build needs SIMD, which this Node lacks';
    if (problem === undefined) {
      try {
        const started = await createThreadedWasmBackend(wasm, threads);
        await activateBackend('wasm', { instance: started.backend });
        const capped = started.threads < threads ? ` (of ${threads} asked for)` : '';
        return { installed: true, reason: `${threadWords(started.threads)}${capped}, SIMD` };
      } catch (error) {
        singleThreaded = `; threads failed to start: ${error instanceof Error ? error.message : String(error)}`;
      }
    } else {
      singleThreaded = `; no threads: ${problem}`;
    }
  }
  await activateBackend('wasm');
  return { installed: true, reason: `${threadWords(wasm.getThreadsCount())}, ${simdWords}${singleThreaded}` };
};

function threadWords(count: number): string {
  return count === 1 ? '1 thread' : `${count} threads`;
}
