import '@tensorflow/tfjs-backend-cpu';
import { BackendUnavailableError, setPlatform, type EngineTensor, type InferenceEngine } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { importOnnxRuntime } from '../testing/onnx-runtime.js';
import { randomizeBatchNorms } from '../testing/randomize-batch-norms.js';
import { optimizeForInference } from './optimize-for-inference.js';
import { fit } from '@dendrite/core';
import { transferModel } from '../transfer/transfer-model.js';

/** An engine that records what it is given and answers each image with [its first value, batch size]. */
function recordingEngine(): { engine: InferenceEngine; loads: Uint8Array[]; batches: number[] } {
  const loads: Uint8Array[] = [];
  const batches: number[] = [];
  const engine: InferenceEngine = {
    name: 'onnxruntime',
    load: (onnx) => {
      loads.push(onnx);
      return Promise.resolve({
        run: ({ data, shape }: EngineTensor) => {
          const [count, ...pixel] = shape;
          const size = pixel.reduce((a, b) => a * b, 1);
          batches.push(count!);
          const answer = Array.from({ length: count! }, (_, image) => [data[image * size]!, count!]).flat();
          return Promise.resolve({ data: Float32Array.from(answer), shape: [count!, 2] });
        },
        release: () => Promise.resolve(),
      });
    },
  };
  return { engine, loads, batches };
}

const realRuntime = (await importOnnxRuntime()) !== undefined;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => clearPlatform());

describe('optimizeForInference on a platform with a native engine', () => {
  it('runs on the engine: the ONNX graph loaded once, batches of batchSize, the output as an owned tensor', async () => {
    const { engine, loads, batches } = recordingEngine();
    setPlatform({ ...createNodePlatform(), inferenceEngine: engine });
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], classes: 2 });
    const fast = optimizeForInference(model, { batchSize: 2 });
    expect(fast.engine).toBe('onnxruntime');
    const images = tf.tensor4d(Float32Array.from({ length: 5 * 32 * 32 * 3 }, (_, i) => Math.floor(i / (32 * 32 * 3))), [5, 32, 32, 3]);
    const before = tf.memory().numTensors;
    const output = await fast.run(images);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(output.arraySync()).toEqual([[0, 2], [1, 2], [2, 2], [3, 2], [4, 1]]);
    await fast.run(images);
    expect(loads).toHaveLength(1);
    expect(batches).toEqual([2, 2, 1, 2, 2, 1]);
    tf.dispose([output, images]);
    fast.dispose();
    model.dispose();
  });

  it("keeps TensorFlow.js when asked with engine 'tfjs', and without a platform", () => {
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], classes: 2 });
    const alone = optimizeForInference(model);
    expect(alone.engine).toBe('tfjs');
    alone.dispose();
    setPlatform({ ...createNodePlatform(), inferenceEngine: recordingEngine().engine });
    const asked = optimizeForInference(model, { engine: 'tfjs' });
    expect(asked.engine).toBe('tfjs');
    asked.dispose();
    model.dispose();
  });

  it("fails with a BackendUnavailableError when 'onnxruntime' is required and the platform has none", () => {
    setPlatform(createNodePlatform());
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], classes: 2 });
    expect(() => optimizeForInference(model, { engine: 'onnxruntime' })).toThrow(BackendUnavailableError);
    model.dispose();
  });

  it.skipIf(!realRuntime)(`gives model.predict's outputs on ONNX Runtime${realRuntime ? '' : ' (skipped: onnxruntime-node is not installed; CI installs it)'}`, async () => {
    const platform = createNodePlatform({ backend: 'cpu', engine: 'onnxruntime' });
    await platform.initBackend();
    setPlatform(platform);
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [64, 64, 3], classes: 10, classifierActivation: null });
    randomizeBatchNorms(model, 21);
    const fast = optimizeForInference(model, { batchSize: 2 });
    expect(fast.engine).toBe('onnxruntime');
    const images = tf.randomUniform([3, 64, 64, 3], -1, 1, 'float32', 8) as tf.Tensor4D;
    const expected = model.predict(images) as tf.Tensor;
    const actual = await fast.run(images);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!);
    const scale = tf.tidy(() => tf.max(tf.abs(expected)).dataSync()[0]!);
    expect(actual.shape).toEqual([3, 10]);
    expect(difference).toBeLessThan(1e-4 * Math.max(1, scale));
    tf.dispose([images, expected, actual]);
    fast.dispose();
    model.dispose();
  });

  it.skipIf(!realRuntime)(`trains the Keras way with the frozen base on ONNX Runtime: the head of fit on TensorFlow.js within 1e-5${realRuntime ? '' : ' (skipped: onnxruntime-node is not installed; CI installs it)'}`, async () => {
    const heads: Float32Array[][] = [];
    let loads = 0;
    // One base for both runs: its kernels start unseeded, and the two runs must see the same network.
    const base = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], classes: 10 });
    randomizeBatchNorms(base, 31);
    for (const engine of ['tfjs', 'onnxruntime'] as const) {
      const platform = createNodePlatform({ backend: 'cpu', engine });
      await platform.initBackend();
      const real = platform.inferenceEngine;
      // Count what reaches ONNX Runtime, so the test knows the frozen base ran there.
      const counting: InferenceEngine | undefined = real && { name: real.name, load: (onnx) => ((loads += 1), real.load(onnx)) };
      setPlatform({ ...platform, ...(counting ? { inferenceEngine: counting } : {}) });
      const model = transferModel(base, { classes: 2, seed: 1 });
      const x = tf.randomUniform([12, 32, 32, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
      const y = tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0]);
      await fit(model, x, y, { epochs: 2, batchSize: 4, seed: 3, verbose: 0 });
      heads.push((model.layers.at(-1)?.getWeights() ?? []).map((weight) => weight.dataSync().slice() as Float32Array));
      tf.dispose([x, y]);
      model.layers.at(-1)?.dispose();
      clearPlatform();
    }
    base.dispose();
    expect(loads).toBeGreaterThan(0);
    const [onTfjs, onRuntime] = heads;
    const difference = Math.max(...onTfjs!.map((values, i) => Math.max(...values.map((value, j) => Math.abs(value - onRuntime![i]![j]!)))));
    expect(difference).toBeLessThan(1e-5);
  });
});
