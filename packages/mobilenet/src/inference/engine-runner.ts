import { BackendUnavailableError, getPlatform, type EngineSession, type InferenceEngine } from '@dendrite/core';
import { hasPlatform } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { InferencePlan } from './inference-steps.js';
import { encodeOnnxModel } from './onnx/encode-onnx-model.js';
import { exporterVersion } from './onnx/export-onnx.js';
import { planToOnnx } from './onnx/plan-to-onnx.js';
import { UnsupportedLayerError } from './unsupported-layer-error.js';

/** Runs a plan on a native engine, one batch after another. @internal */
export interface EngineRunner {
  readonly name: string;
  run(images: Tensor4D, batchSize: number): Promise<Tensor>;
  release(): void;
}

/**
 * The platform's native engine for a plan, as the `engine` option asks: `'auto'` takes it when the
 * platform has one and the plan can be written as ONNX, `'tfjs'` never, `'onnxruntime'` requires it.
 *
 * @internal
 * @returns the runner, or undefined to run on TensorFlow.js
 * @throws BackendUnavailableError when `'onnxruntime'` is asked for and the platform has no such engine
 */
export function engineRunner(plan: InferencePlan, name: string, wanted: 'auto' | 'tfjs' | 'onnxruntime'): EngineRunner | undefined {
  if (wanted === 'tfjs') return undefined;
  const engine: InferenceEngine | undefined = hasPlatform() ? getPlatform().inferenceEngine : undefined;
  if (engine === undefined || (wanted === 'onnxruntime' && engine.name !== 'onnxruntime')) {
    if (wanted === 'auto') return undefined;
    throw new BackendUnavailableError(
      'onnxruntime',
      'the platform has no ONNX Runtime engine',
      "Install onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node) and call useNodePlatform() first, or pass engine: 'auto'.",
    );
  }
  let onnx: Uint8Array;
  try {
    onnx = encodeOnnxModel(planToOnnx(plan, name, exporterVersion));
  } catch (error) {
    if (wanted === 'auto' && error instanceof UnsupportedLayerError) return undefined;
    throw error;
  }
  // Loaded at the first run, so that building the model stays synchronous.
  let session: Promise<EngineSession> | undefined;
  const load = (): Promise<EngineSession> => (session ??= engine.load(onnx));
  return {
    name: engine.name,
    run: async (images, batchSize) => {
      const loaded = await load();
      const [count, ...pixel] = images.shape;
      const perImage = pixel.reduce((a, b) => a * b, 1);
      const values = images.dtype === 'float32' ? ((await images.data()) as Float32Array) : Float32Array.from(await images.data());
      const parts: Float32Array[] = [];
      let outputShape: readonly number[] = [];
      for (let start = 0; start < count; start += batchSize) {
        const size = Math.min(batchSize, count - start);
        const result = await loaded.run({ data: values.subarray(start * perImage, (start + size) * perImage), shape: [size, ...pixel] });
        parts.push(result.data);
        outputShape = result.shape;
      }
      const joined = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
      parts.reduce((offset, part) => (joined.set(part, offset), offset + part.length), 0);
      return tf.tensor(joined, [count, ...outputShape.slice(1)]);
    },
    release: () => {
      void session?.then((loaded) => loaded.release()).catch(() => undefined);
    },
  };
}
