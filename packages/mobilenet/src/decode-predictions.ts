import { InvalidArgumentError } from '@dendrite/core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { embeddedImageNetClassIndex } from './imagenet-class-index.js';
import type { ImageNetClassIndex } from './imagenet-class-index.js';

/**
 * One class of one image's prediction.
 *
 * @category Models
 */
export interface ImageNetPrediction {
  /** Index of the class in the model's output. */
  readonly classIndex: number;
  /** WordNet synset id. */
  readonly wordnetId: string;
  /** Keras's short class name. */
  readonly className: string;
  /** The model's output for the class (a probability with a softmax top). */
  readonly score: number;
}

/**
 * Options of {@link decodePredictions}.
 *
 * @category Models
 */
export interface DecodePredictionsOptions {
  /** How many classes to return per image, best first. Default 5. */
  readonly top?: number;
  /**
   * The class names. Default: Keras's ImageNet class index, embedded ({@link embeddedImageNetClassIndex});
   * pass another from {@link loadImageNetClassIndex}.
   */
  readonly classIndex?: ImageNetClassIndex;
}

function toRows(predictions: Tensor2D | number[][]): number[][] {
  if (Array.isArray(predictions)) return predictions;
  if (predictions.rank !== 2) {
    throw new InvalidArgumentError('predictions', `must be 2D [images, classes], got shape [${predictions.shape.join(', ')}]`, 'Pass the output of model.predict for a batch of images.');
  }
  return predictions.arraySync();
}

/**
 * Turns a batch of ImageNet predictions into the `top` classes of each image, best first, with
 * their WordNet id, name and score, as Keras's `decode_predictions` does.
 *
 * @param predictions - `[images, 1000]` scores, as a tensor (not disposed) or nested arrays
 * @param options - `top` (default 5) and the `classIndex` (default: Keras's, embedded)
 * @returns per image, its `top` classes in decreasing score (ties in index order)
 * @throws InvalidArgumentError when the predictions are not `[images, 1000]` or `top` is not a positive integer
 * @category Models
 * @example
 * ```ts
 * const [best] = decodePredictions(model.predict(input) as tf.Tensor2D, { top: 1 })[0]!;
 * console.log(best?.classIndex, best?.className, best?.score);
 * ```
 */
export function decodePredictions(predictions: Tensor2D | number[][], options: DecodePredictionsOptions = {}): ImageNetPrediction[][] {
  const classIndex = options.classIndex ?? embeddedImageNetClassIndex();
  const top = options.top ?? 5;
  if (!Number.isInteger(top) || top < 1) {
    throw new InvalidArgumentError('top', `must be a positive integer, got ${String(top)}`, 'Pass for example top: 5.');
  }
  const rows = toRows(predictions);
  return rows.map((scores, image) => {
    if (!Array.isArray(scores) || scores.length !== classIndex.length) {
      throw new InvalidArgumentError(
        'predictions',
        `image ${image} has ${Array.isArray(scores) ? scores.length : 'no'} scores but the class index has ${classIndex.length} classes`,
        'Pass the [images, 1000] output of a model with the ImageNet top (includeTop: true, classes: 1000).',
      );
    }
    const order = scores.map((_, index) => index).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    return order.slice(0, top).map((index) => {
      const known = classIndex[index] as (typeof classIndex)[number];
      return { classIndex: index, wordnetId: known.wordnetId, className: known.className, score: scores[index] as number };
    });
  });
}
