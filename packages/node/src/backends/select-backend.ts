import { availableParallelism } from 'node:os';
import { type BackendPreferences, type BackendReport, InvalidArgumentError } from '@dendrite/core';
import { type BackendCandidate, selectBackend } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { nodeBackendCandidates, nodeBackendNames } from './node-backend-candidates.js';

// The wasm build's thread pool holds at most 8 threads, so more are never used.
const wasmThreadLimit = 8;

/**
 * Picks the fastest TensorFlow.js backend that works in this Node process, makes it the active one,
 * and reports every candidate with its outcome, the reason and the time it took.
 *
 * Candidates, fastest first: `'tensorflow-gpu'` (`@tensorflow/tfjs-node-gpu`), `'tensorflow'`
 * (`@tensorflow/tfjs-node`), `'wasm'` (`@tensorflow/tfjs-backend-wasm`, on several threads where
 * Node allows) and `'cpu'` (`@tensorflow/tfjs-backend-cpu`). The two libtensorflow packages are
 * optional and loaded only if installed. A candidate counts only once a tiny convolution and matrix
 * product on it give the right numbers; those after the selected one are skipped without loading.
 * Both `'tensorflow-gpu'` and `'tensorflow'` show up in `tf.getBackend()` as `'tensorflow'`.
 *
 * A wasm backend keeps its thread count for the life of the process; its worker threads never keep
 * Node from exiting.
 *
 * @param preferences - `backend` to use exactly one candidate; `threads` for wasm (default: every
 *   CPU core, at most 8)
 * @returns the selected candidate and every attempt, in priority order
 * @throws InvalidArgumentError when `backend` is not one of the names above or `threads` is not a
 *   whole number of at least 1
 * @throws BackendUnavailableError when the requested backend (or, without a request, every backend)
 *   cannot start; the message says how to make it available
 * @category Platform
 * @example
 * ```ts
 * import { formatBackendReport } from '@dendrite/core';
 *
 * const report = await selectNodeBackend();
 * console.log(formatBackendReport(report));
 * // Backend: wasm (2 threads, SIMD, 412 ms) · tensorflow-gpu: not installed · tensorflow: not installed · cpu: skipped
 *
 * await selectNodeBackend({ backend: 'cpu' }); // exactly the cpu backend
 * ```
 */
export function selectNodeBackend(preferences: BackendPreferences = {}): Promise<BackendReport> {
  return selectNodeBackendFrom(preferences);
}

/**
 * {@link selectNodeBackend}, resolving the optional libtensorflow packages from `optionalPackagesFrom`
 * when given (tests put fake ones there).
 *
 * @internal
 */
export async function selectNodeBackendFrom(preferences: BackendPreferences, optionalPackagesFrom?: string): Promise<BackendReport> {
  const requested = checkBackendName(preferences.backend);
  const threads = checkThreads(preferences.threads);
  const candidates: BackendCandidate[] = nodeBackendCandidates.map((candidate) => ({
    name: candidate.name,
    fix: candidate.fix,
    start: async () => {
      const loaded = await candidate.load({ threads, optionalPackagesFrom });
      const active = tf.getBackend();
      if (loaded.installed && active !== candidate.tfjsName) {
        throw new Error(`TensorFlow.js reports '${active}' as active instead of '${candidate.tfjsName}'`);
      }
      return loaded;
    },
  }));
  const cpu = nodeBackendCandidates[nodeBackendCandidates.length - 1]!;
  return selectBackend({ candidates, requested, noneFix: cpu.fix });
}

function checkBackendName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const known: readonly string[] = nodeBackendNames;
  if (known.includes(name)) return name;
  throw new InvalidArgumentError(
    'backend',
    `'${name}' is not a TensorFlow.js backend Dendrite can use in Node`,
    `Use one of ${nodeBackendNames.map((n) => `'${n}'`).join(', ')}, or leave it out to use the fastest that works.`,
  );
}

function checkThreads(threads: number | undefined): number {
  if (threads === undefined) return Math.min(availableParallelism(), wasmThreadLimit);
  if (Number.isInteger(threads) && threads >= 1) return threads;
  throw new InvalidArgumentError(
    'threads',
    `must be a whole number of at least 1, got ${String(threads)}`,
    'Pass threads: 1 or more, or leave it out to use every CPU core.',
  );
}
