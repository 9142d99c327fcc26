import { BackendUnavailableError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { importOptionalPackage } from './backends/import-optional-package.js';
import { selectInferenceEngine } from './onnx-runtime-engine.js';

const notInstalled: typeof importOptionalPackage = () => Promise.resolve({ installed: false });
const broken: typeof importOptionalPackage = () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file'));
/** The session options each stand-in session was created with. */
const createdWith: Record<string, unknown>[] = [];
const fake = {
  Tensor: class {
    constructor(
      readonly type: string,
      readonly data: Float32Array,
      readonly dims: readonly number[],
    ) {}
  },
  InferenceSession: {
    create: (model: Uint8Array, options: Record<string, unknown>) => {
      createdWith.push(options);
      return Promise.resolve({
        // A stand-in model: the sum of each input row, and the model's size.
        run: (feeds: Record<string, { data: Float32Array; dims: readonly number[] }>) => {
          const { data, dims } = feeds.input!;
          const width = dims[1]!;
          const sums = Array.from({ length: dims[0]! }, (_, row) =>
            data.subarray(row * width, (row + 1) * width).reduce((a, b) => a + b, 0),
          );
          return Promise.resolve({ output: { data: Float32Array.from([...sums, model.length]), dims: [sums.length + 1] } });
        },
        release: () => Promise.resolve(),
      });
    },
  },
};
const installed: typeof importOptionalPackage = <T>() => Promise.resolve({ installed: true as const, module: fake as unknown as T });

const quiet = () => Promise.resolve({ cores: 2, busyCores: 0.1 });
const busy = () => Promise.resolve({ cores: 2, busyCores: 1.9 });

const realRuntime = (await importOptionalPackage('onnxruntime-node').catch(() => ({ installed: false }))).installed;

describe('selectInferenceEngine', () => {
  it('takes ONNX Runtime when it is installed and hands it the model and the input', async () => {
    const { engine, attempt } = await selectInferenceEngine('auto', undefined, installed, quiet);
    expect(attempt).toMatchObject({ name: 'onnxruntime', outcome: 'selected', reason: 'onnxruntime-node is installed' });
    const session = await engine!.load(new Uint8Array(7));
    const output = await session.run({ data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] });
    expect(Array.from(output.data)).toEqual([3, 7, 7]);
    expect(output.shape).toEqual([3]);
    await session.release();
  });

  it("keeps ONNX Runtime's own thread pool, spinning on a quiet machine and sleeping on a busy one", async () => {
    createdWith.length = 0;
    await (await selectInferenceEngine('auto', undefined, installed, quiet)).engine!.load(new Uint8Array(1));
    const loaded = await selectInferenceEngine('auto', undefined, installed, busy);
    expect(loaded.attempt.reason).toBe('onnxruntime-node is installed; idle threads sleep, not spin: other work keeps cores busy');
    await loaded.engine!.load(new Uint8Array(1));
    // Threads asked for are taken as they are.
    await (await selectInferenceEngine('auto', 2, installed, quiet)).engine!.load(new Uint8Array(1));
    expect(createdWith).toEqual([
      { graphOptimizationLevel: 'all', executionMode: 'sequential' },
      { graphOptimizationLevel: 'all', executionMode: 'sequential', extra: { 'session.intra_op.allow_spinning': '0' } },
      { graphOptimizationLevel: 'all', executionMode: 'sequential', intraOpNumThreads: 2 },
    ]);
  });

  it('falls back to TensorFlow.js with the reason when ONNX Runtime is absent or broken', async () => {
    expect(await selectInferenceEngine('auto', undefined, notInstalled)).toMatchObject({
      engine: undefined,
      attempt: { name: 'tfjs', reason: 'onnxruntime-node is not installed' },
    });
    const fallback = await selectInferenceEngine('auto', undefined, broken);
    expect(fallback.engine).toBeUndefined();
    expect(fallback.attempt.reason).toMatch(/failed to load: libonnxruntime/);
  });

  it("uses TensorFlow.js when asked, and fails with the install command when 'onnxruntime' is required but absent", async () => {
    expect(await selectInferenceEngine('tfjs', undefined, installed)).toMatchObject({
      engine: undefined,
      attempt: { name: 'tfjs', reason: 'asked for' },
    });
    const required = selectInferenceEngine('onnxruntime', undefined, notInstalled);
    await expect(required).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(selectInferenceEngine('onnxruntime', undefined, notInstalled)).rejects.toThrow(
      /ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node/,
    );
  });

  it.skipIf(!realRuntime)(
    `loads the real onnxruntime-node${realRuntime ? '' : ' (skipped: onnxruntime-node is not installed; CI installs it)'}`,
    async () => {
      const { engine, attempt } = await selectInferenceEngine('onnxruntime');
      expect(attempt.name).toBe('onnxruntime');
      expect(engine?.name).toBe('onnxruntime');
    },
  );
});
