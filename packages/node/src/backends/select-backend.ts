import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import {
  BackendUnavailableError,
  InvalidArgumentError,
  type BackendAttempt,
  type BackendOutcome,
  type BackendPreferences,
  type BackendReport,
} from '@dendrite/core';
import type { BackendLoader } from './backend-loader.js';
import { loadCpuBackend } from './cpu-loader.js';
import {
  nodeBackendCandidates,
  nodeBackendNames,
  type NodeBackendCandidate,
  type NodeBackendName,
} from './node-backend-candidates.js';
import { tensorflowLoader } from './tensorflow-loader.js';
import { verifyActiveBackend } from './verify-backend.js';
import { loadWasmBackend } from './wasm-loader.js';

const loaders: Record<NodeBackendName, BackendLoader> = {
  'tensorflow-gpu': tensorflowLoader('@tensorflow/tfjs-node-gpu', "libtensorflow with CUDA, TensorFlow.js backend 'tensorflow'"),
  tensorflow: tensorflowLoader('@tensorflow/tfjs-node', 'libtensorflow'),
  wasm: loadWasmBackend,
  cpu: loadCpuBackend,
};

// The wasm build's thread pool holds at most 8 threads, so more are never used.
const wasmThreadLimit = 8;

// Selections run one after another: two at once would race to start the same backends.
let previousSelection: Promise<unknown> = Promise.resolve();

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
export async function selectNodeBackend(preferences: BackendPreferences = {}): Promise<BackendReport> {
  const requested = checkBackendName(preferences.backend);
  const threads = checkThreads(preferences.threads);
  const selection = previousSelection.then(() => select(requested, threads));
  previousSelection = selection.catch(() => undefined);
  return selection;
}

async function select(requested: NodeBackendName | undefined, threads: number): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  let selected: NodeBackendCandidate | undefined;
  for (const candidate of nodeBackendCandidates) {
    if (requested !== undefined && candidate.name !== requested) {
      attempts.push(skipped(candidate, `not tried: '${requested}' was asked for`));
      continue;
    }
    if (selected !== undefined) {
      attempts.push(skipped(candidate, `not tried: ${selected.name} was selected first`));
      continue;
    }
    const started = performance.now();
    const { outcome, reason } = await attempt(candidate, threads);
    attempts.push({ name: candidate.name, outcome, reason, milliseconds: performance.now() - started });
    if (outcome === 'selected') selected = candidate;
    else if (requested !== undefined) throw new BackendUnavailableError(requested, reason, candidate.fix);
  }
  if (selected === undefined) {
    const tried = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
    const cpu = nodeBackendCandidates[nodeBackendCandidates.length - 1]!;
    throw new BackendUnavailableError(cpu.name, `no backend could start (${tried})`, cpu.fix);
  }
  return { selected: selected.name, attempts };
}

async function attempt(candidate: NodeBackendCandidate, threads: number): Promise<{ outcome: BackendOutcome; reason: string }> {
  try {
    const loaded = await loaders[candidate.name]({ threads });
    if (!loaded.installed) return { outcome: 'not-installed', reason: loaded.reason };
    const active = tf.getBackend();
    if (active !== candidate.tfjsName) {
      throw new Error(`TensorFlow.js reports '${active}' as active instead of '${candidate.tfjsName}'`);
    }
    verifyActiveBackend();
    return { outcome: 'selected', reason: loaded.reason };
  } catch (error) {
    return { outcome: 'failed', reason: messageOf(error) };
  }
}

function skipped(candidate: NodeBackendCandidate, reason: string): BackendAttempt {
  return { name: candidate.name, outcome: 'skipped', reason, milliseconds: 0 };
}

function checkBackendName(name: string | undefined): NodeBackendName | undefined {
  if (name === undefined) return undefined;
  const known: readonly string[] = nodeBackendNames;
  if (known.includes(name)) return name as NodeBackendName;
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

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().replace(/\.$/, '');
}
