import { classificationReport, type ClassificationReport } from '@dendrite/core';
import type { ImageDataset, ImageDatasetBatchesOptions } from '@dendrite/data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { preprocessInput } from '../preprocess-input.js';

/**
 * An example the model got wrong.
 *
 * @category Training
 * @example
 * ```ts
 * for (const m of evaluation.misclassified) console.log(`${m.source}: a ${m.trueClass} taken for a ${m.predictedClass} (${m.score.toFixed(2)})`);
 * ```
 */
export interface MisclassifiedExample {
  /** The image's path, URL or file name. */
  readonly source: string;
  /** Its class. */
  readonly trueClass: string;
  /** The class the model gave it. */
  readonly predictedClass: string;
  /** The model's score for the predicted class. */
  readonly score: number;
}

/**
 * What {@link evaluate} returns: the classification report, with the examples behind its mistakes.
 *
 * @category Training
 * @example
 * ```ts
 * const { accuracy, confusionMatrix, misclassified }: Evaluation = await evaluate(model, validation);
 * ```
 */
export interface Evaluation extends ClassificationReport {
  /** Every example whose predicted class is not its class, in the dataset's order. */
  readonly misclassified: readonly MisclassifiedExample[];
  /** Each example's source, true and predicted class index and top score, in the dataset's order. */
  readonly predictions: readonly { readonly source: string; readonly label: number; readonly predicted: number; readonly score: number }[];
}

/**
 * Options of {@link evaluate}: how the dataset's images are read (default: 224 x 224, stretched,
 * MobileNetV2's `preprocessInput`, 32 a batch).
 *
 * @category Training
 * @example
 * ```ts
 * const options: EvaluateOptions = { batchSize: 8, size: [160, 160] };
 * ```
 */
export type EvaluateOptions = Partial<Omit<ImageDatasetBatchesOptions, 'shuffle' | 'seed'>>;

/**
 * Runs the model on every image of a labelled dataset and reports how it did: scikit-learn's
 * confusion matrix and classification report (see `classificationReport` in @dendrite/core), and
 * which images it got wrong, with the class it gave them and its score.
 *
 * @param model - a classifier whose output has one score per class of the dataset
 * @param dataset - labelled images, such as the validation part of `stratifiedSplit`
 * @param options - how the images are read; by default as MobileNetV2 expects them
 * @returns the report and the misclassified examples
 * @category Training
 * @example
 * ```ts
 * const { train, validation } = stratifiedSplit(dataset, { validation: 0.25, seed: 1 });
 * const evaluation = await evaluate(model, validation);
 * formatConfusionMatrix(evaluation).forEach((line) => console.log(line));
 * evaluation.misclassified.forEach((m) => console.log(m.source, m.trueClass, '->', m.predictedClass));
 * ```
 */
export async function evaluate(model: LayersModel, dataset: ImageDataset, options: EvaluateOptions = {}): Promise<Evaluation> {
  const predictions: Array<Evaluation['predictions'][number]> = [];
  const batches = dataset.batches({ size: [224, 224], preprocess: preprocessInput, ...options, shuffle: false });
  for await (const { xs, ys, sources } of batches) {
    try {
      const [labels, predicted, scores] = tf.tidy(() => {
        const output = model.predict(xs) as tf.Tensor2D;
        return [ys.dataSync(), tf.argMax(output, 1).dataSync(), tf.max(output, 1).dataSync()];
      });
      sources.forEach((source, i) => predictions.push({ source, label: labels[i] as number, predicted: predicted[i] as number, score: scores[i] as number }));
    } finally {
      tf.dispose([xs, ys]);
    }
  }
  const { classNames } = dataset;
  const report = classificationReport(
    predictions.map((p) => p.label),
    predictions.map((p) => p.predicted),
    { classNames },
  );
  const misclassified = predictions
    .filter((p) => p.label !== p.predicted)
    .map((p) => ({ source: p.source, trueClass: classNames[p.label] as string, predictedClass: classNames[p.predicted] as string, score: p.score }));
  return { ...report, misclassified, predictions };
}
