import type { LayersModel } from '@tensorflow/tfjs-layers';
import { requireFrozenSplit } from './frozen-base.js';

/**
 * The trainable head of a transfer-learning model on its own, for the fast way of transfer
 * learning: features come once from {@link extractFeatures}, and `fit` trains the head on them
 * instead of running every image through the frozen base every epoch. The head is built from the
 * model's own layers and compiled with its optimizer, loss and metrics, so training the head trains
 * the model; the model then predicts on images as usual. Disposing the head frees none of the
 * model's weights.
 *
 * @param model - a model with a frozen base and a trainable head, as {@link transferModel} makes it
 * @returns the head: the base's features in, the model's output out
 * @throws InvalidArgumentError for a model without a frozen base feeding a trainable head
 * @category Training
 * @example
 * ```ts
 * const model = transferModel(await MobileNetV2(), { classNames: train.classNames, seed: 42 });
 * const { features, labels } = await extractFeatures(model, train);
 * const head = transferHead(model);
 * const history = await fit(head, features, labels, { epochs: 20, verbose: 2, seed: 42 });
 * head.dispose();
 * tf.dispose([features, labels]);
 * ```
 */
export function transferHead(model: LayersModel): LayersModel {
  return requireFrozenSplit(model, 'transferHead').head;
}
