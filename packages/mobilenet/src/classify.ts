import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { decodePredictions } from './decode-predictions.js';
import type { DecodePredictionsOptions, ImageNetPrediction } from './decode-predictions.js';
import type { InferenceModel } from './inference/inference-model.js';
import { preprocessInput } from './preprocess-input.js';

/**
 * Options of {@link classify}: how many classes per image, and their names.
 *
 * @category Models
 */
export type ClassifyOptions = DecodePredictionsOptions;

function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((size) => size ?? 'n').join(', ')}]`;
}

/**
 * Classifies a batch of images with an ImageNet model: scales the pixels with
 * {@link preprocessInput}, predicts and decodes the `top` classes of each image. Creates no tensor
 * that outlives the call; the images stay the caller's.
 *
 * @param model - a MobileNetV2 with its ImageNet top, such as `await MobileNetV2()`, or the same
 *   model rewritten by {@link optimizeForInference}
 * @param images - `[n, height, width, 3]` RGB pixels 0..255 at the model's input size (224x224 usually)
 * @param options - `top` (default 5) and the `classIndex` (default: Keras's, embedded)
 * @returns per image, its `top` classes, best first
 * @throws InvalidArgumentError when the images do not match the model's input shape
 * @category Models
 * @example
 * ```ts
 * const model = await MobileNetV2({ weights: 'imagenet-uint8' });
 * const results = await classify(model, images, { top: 3 });
 * console.log(results[0]?.[0]?.className);
 * ```
 */
export async function classify(model: LayersModel | InferenceModel<Tensor>, images: Tensor4D, options: ClassifyOptions = {}): Promise<ImageNetPrediction[][]> {
  const expected = 'inputs' in model ? (model.inputs[0]?.shape ?? []) : model.inputShape;
  const fits = images.rank === 4 && expected.length === 4 && expected.every((size, axis) => axis === 0 || size === null || size === images.shape[axis]);
  if (!fits) {
    throw new InvalidArgumentError(
      'images',
      `have shape ${describeShape(images.shape)} but the model takes ${describeShape(expected)}`,
      'Resize the images to the model input size and stack them into one batch [n, height, width, 3].',
    );
  }
  const scores = await predictScores(model, images);
  try {
    if (scores.rank !== 2) {
      throw new InvalidArgumentError('model', `outputs shape ${describeShape(scores.shape)}, not [n, classes]`, 'Pass a model with its classifier top (includeTop: true).');
    }
    const rows = (await scores.array()) as number[][];
    return decodePredictions(rows, options);
  } finally {
    scores.dispose();
  }
}

async function predictScores(model: LayersModel | InferenceModel<Tensor>, images: Tensor4D): Promise<Tensor> {
  if (!('inputs' in model)) {
    const input = preprocessInput(images);
    try {
      return await model.run(input);
    } finally {
      input.dispose();
    }
  }
  return tf.tidy(() => {
    const output: Tensor | Tensor[] = model.predict(preprocessInput(images));
    if (Array.isArray(output)) throw new InvalidArgumentError('model', `has ${output.length} outputs`, 'Pass a model with one output, the class scores.');
    return output;
  });
}
