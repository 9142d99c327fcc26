import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { optimizeForInference } from '../inference/optimize-for-inference.js';
import { UnsupportedLayerError } from '../inference/unsupported-layer-error.js';
import { splitFrozenBase } from './frozen-base.js';

/** What turns preprocessed images into the features a model's head reads. @internal */
export interface FeatureRunner {
  /** The model whose output the features are (the frozen base, or the whole model). */
  readonly featureModel: LayersModel;
  /** `[height, width]` of the images it takes. */
  readonly size: readonly [number, number];
  /** Whether it runs an inference-optimized copy of the weights. */
  readonly optimized: boolean;
  /** Features of a batch of images; the caller owns the result. */
  run(images: tf.Tensor4D): Promise<tf.Tensor2D>;
  dispose(): void;
}

/**
 * The runner for `model`: its frozen base when it has one (a transfer model), else the whole model;
 * through {@link optimizeForInference} when `optimize` is set and the model's layers allow it.
 *
 * @internal
 */
export function featureRunner(model: LayersModel, optimize: boolean, batchSize: number): FeatureRunner {
  const split = splitFrozenBase(model);
  const featureModel = split?.base ?? model;
  split?.dispose();
  const [, height, width] = featureModel.inputs[0]?.shape ?? [];
  if (typeof height !== 'number' || typeof width !== 'number') {
    throw new InvalidArgumentError(
      'model',
      `${model.name} takes images of no fixed size`,
      'Build it with an inputShape such as [224, 224, 3].',
    );
  }
  const size = [height, width] as const;
  if (optimize) {
    try {
      const fast = optimizeForInference(featureModel, { batchSize });
      return { featureModel, size, optimized: true, run: (images) => fast.run(images), dispose: () => fast.dispose() };
    } catch (error) {
      if (!(error instanceof UnsupportedLayerError)) throw error;
    }
  }
  return {
    featureModel,
    size,
    optimized: false,
    run: (images) => Promise.resolve(tf.tidy(() => featureModel.predict(images, { batchSize }) as tf.Tensor2D)),
    dispose: () => {},
  };
}

/**
 * A digest of everything that decides a feature model's output for an image: its weights (names,
 * shapes and values) and its input and output shapes.
 *
 * @internal
 */
export async function featureModelDigest(featureModel: LayersModel, sha256: (bytes: Uint8Array) => Promise<string>): Promise<string> {
  const description = JSON.stringify({
    input: featureModel.inputs.map((input) => input.shape),
    output: featureModel.outputs.map((output) => output.shape),
    // The name before TensorFlow.js made it unique in this process (`Conv1/kernel`, not `Conv1/kernel_3`).
    weights: featureModel.weights.map((weight) => [weight.originalName, weight.shape, weight.dtype]),
  });
  const parts: Uint8Array[] = [tf.util.encodeString(description, 'utf-8')];
  for (const weight of featureModel.weights) {
    const values = weight.read().dataSync();
    parts.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  return sha256(all);
}
