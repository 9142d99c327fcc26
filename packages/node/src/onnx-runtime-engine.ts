import { type BackendAttempt, BackendUnavailableError, type EngineSession, type EngineTensor, type InferenceEngine } from '@dendrite/core';
import { type CpuLoad, measureCpuLoad } from './backends/cpu-load.js';
import { importOptionalPackage } from './backends/import-optional-package.js';

// The part of onnxruntime-node's API the engine uses; the package is an optional peer, so its types
// may be absent at build time.
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OnnxRuntimeModule {
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  readonly InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
}

const packageName = 'onnxruntime-node';

/** How ONNX Runtime's intra-op pool runs: its threads, and whether idle threads spin. */
interface PoolSettings {
  readonly threads?: number;
  readonly spinning: boolean;
}

/** Cores' worth of other work from which the pool's idle threads stop spinning. */
const BUSY_CORES = 0.5;

/**
 * The pool's settings for the load at start: ONNX Runtime's own (a thread per physical core,
 * spinning between operations, the fastest on a quiet machine), with threads that sleep instead
 * of spinning when other processes keep cores busy, since a spinning thread takes the time
 * slices that the thread it waits for needs. The pool keeps its threads: ONNX Runtime splits an
 * operation into many blocks that any running thread takes, so a descheduled thread holds up only
 * its current block, and the engine runs large operations (optimised image models), where a
 * second thread still pays.
 */
function poolSettings(threads: number | undefined, load: CpuLoad | undefined): PoolSettings {
  const spinning = load === undefined || load.busyCores < BUSY_CORES;
  return { ...(threads === undefined ? {} : { threads }), spinning };
}

function engineOf(ort: OnnxRuntimeModule, pool: PoolSettings): InferenceEngine {
  const options = {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    ...(pool.threads === undefined ? {} : { intraOpNumThreads: pool.threads }),
    // Session config entries by their full key, as the Node binding takes them.
    ...(pool.spinning ? {} : { extra: { 'session.intra_op.allow_spinning': '0' } }),
  };
  return {
    name: 'onnxruntime',
    load: async (onnx: Uint8Array): Promise<EngineSession> => {
      const session = await ort.InferenceSession.create(onnx, options);
      return {
        run: async (input: EngineTensor): Promise<EngineTensor> => {
          const { output } = await session.run({ input: new ort.Tensor('float32', input.data, input.shape) });
          if (output === undefined || !(output.data instanceof Float32Array))
            throw new Error('ONNX Runtime gave no float output named "output".');
          return { data: output.data, shape: [...output.dims] };
        },
        release: () => session.release(),
      };
    },
  };
}

/** The engine chosen for optimised models, and the report line that says why. @internal */
export interface EngineSelection {
  readonly engine: InferenceEngine | undefined;
  readonly attempt: BackendAttempt;
}

/**
 * Loads ONNX Runtime for Node when it is installed and the preference allows it.
 *
 * @internal
 * @param preference - `'auto'` (ONNX Runtime when installed), `'tfjs'`, or `'onnxruntime'` (required)
 * @param threads - intra-op threads for ONNX Runtime; its own default (the physical cores) when
 *   absent. Its idle threads spin on a quiet machine and sleep when other work keeps cores busy.
 * @param importPackage - how the optional package is imported (tests pass a stand-in)
 * @param measureLoad - how the machine's load is measured (tests pass a stand-in)
 * @returns the engine, or none, with the report line
 * @throws BackendUnavailableError when `'onnxruntime'` is required and cannot load
 */
export async function selectInferenceEngine(
  preference: 'auto' | 'tfjs' | 'onnxruntime' = 'auto',
  threads?: number,
  importPackage: typeof importOptionalPackage = importOptionalPackage,
  measureLoad: () => Promise<CpuLoad> = measureCpuLoad,
): Promise<EngineSelection> {
  const started = performance.now();
  const attempt = (name: string, reason: string): BackendAttempt => ({
    name,
    outcome: 'selected',
    reason,
    milliseconds: performance.now() - started,
  });
  if (preference === 'tfjs') return { engine: undefined, attempt: attempt('tfjs', 'asked for') };
  let reason: string;
  try {
    const imported = await importPackage<OnnxRuntimeModule & { default?: OnnxRuntimeModule }>(packageName);
    if (imported.installed) {
      const ort = imported.module.InferenceSession === undefined ? imported.module.default! : imported.module;
      const pool = poolSettings(threads, await measureLoad());
      const poolWords = pool.spinning ? '' : '; idle threads sleep, not spin: other work keeps cores busy';
      return { engine: engineOf(ort, pool), attempt: attempt('onnxruntime', `${packageName} is installed${poolWords}`) };
    }
    reason = `${packageName} is not installed`;
  } catch (error) {
    reason = `${packageName} failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (preference === 'onnxruntime') {
    throw new BackendUnavailableError(
      'onnxruntime',
      reason,
      `Install it with \`ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node\` (the variable skips its CUDA download), or pass engine: 'auto'.`,
    );
  }
  return { engine: undefined, attempt: attempt('tfjs', reason) };
}
