import { InvalidDataError } from '@dendrite/core';
import { type ImageDataset, imageDatasetFromExamples, stratifiedSplit } from '@dendrite/data';
import { preprocessInput } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LabelledClass } from './class-list.js';
import type { ValidatedPhoto } from './confusion-matrix-view.js';
import { trainWithCurves } from './train-with-curves.js';
import type { TrainingChart } from './training-chart.js';
import { transferModels } from './transfer-head.js';

/** How {@link trainNewClasses} trains and reports. */
export interface TrainNewClassesOptions {
  /** The last this many photos of each class are held back for validation (0: none). */
  readonly validationPerClass: number;
  readonly epochs: number;
  readonly seed: number;
  readonly chart: TrainingChart;
  /** Called as each photo's features are computed. */
  readonly onFeatures: (done: number, total: number) => void;
  /** Called when photos had to be left out. */
  readonly onWarning: (message: string) => void;
  /** Called once the features are ready and training starts. */
  readonly onTraining: () => void;
  /** Receives Keras's verbose 2 lines. */
  readonly print: (line: string) => void;
}

/** A trained model for the new classes, and how it did. */
export interface NewClassesModel {
  /** Images in, class probabilities out. */
  readonly model: LayersModel;
  readonly classNames: readonly string[];
  readonly accuracy: number;
  readonly validationAccuracy: number | undefined;
  /** The held-back photos with the class the model gave each (empty when none were held back). */
  readonly validationPhotos: readonly ValidatedPhoto[];
  /** What happened, in a sentence or two, including the overfitting lesson when it shows. */
  readonly summary: string;
  /** Frees the new layer (the base stays). */
  dispose(): void;
}

const batchSize = 8;

/**
 * The picked classes as a dataset, and its split: the last `validationPerClass` photos of each class
 * held out for validation (none when 0).
 */
export function classesDataset(
  classes: readonly LabelledClass[],
  validationPerClass: number,
): { classNames: string[]; dataset: ImageDataset; split: { train: ImageDataset; validation: ImageDataset | undefined } } {
  const classNames = classes.map((entry) => entry.name);
  const dataset = imageDatasetFromExamples(
    classes.flatMap((entry, label) => entry.files.map((file) => ({ source: file, label }))),
    { classNames },
  );
  const split =
    validationPerClass > 0
      ? stratifiedSplit(dataset, { validation: { lastPerClass: validationPerClass } })
      : { train: dataset, validation: undefined };
  return { classNames, dataset, split };
}

/**
 * Transfer learning, the fast way: each photo goes through the frozen MobileNetV2 once, and the new
 * softmax layer trains on the pooled features, validating on the last photos of each class.
 */
export async function trainNewClasses(
  base: LayersModel,
  classes: readonly LabelledClass[],
  options: TrainNewClassesOptions,
): Promise<NewClassesModel> {
  const { classNames, dataset, split } = classesDataset(classes, options.validationPerClass);
  const models = transferModels(base, classNames.length, options.seed);
  const held: tf.Tensor[] = [];
  try {
    const total = dataset.length;
    let done = 0;
    const sources: string[] = [];
    const extract = async (part: ImageDataset): Promise<[tf.Tensor2D, tf.Tensor1D]> => {
      sources.length = 0;
      const features: tf.Tensor2D[] = [];
      const labels: tf.Tensor1D[] = [];
      try {
        for await (const batch of part.batches({
          batchSize,
          size: [224, 224],
          interpolation: 'nearest',
          preprocess: preprocessInput,
          onWarning: (warning) => options.onWarning(warning.message),
        })) {
          features.push(models.features.predict(batch.xs) as tf.Tensor2D);
          labels.push(batch.ys);
          sources.push(...batch.sources);
          batch.xs.dispose();
          done += batch.sources.length;
          options.onFeatures(done, total);
        }
        if (features.length === 0) {
          throw new InvalidDataError('photos', 'none of them could be read as an image', 'Pick JPEG, PNG, GIF, BMP or WebP photos.');
        }
        return [tf.concat(features), tf.concat(labels)];
      } finally {
        tf.dispose([...features, ...labels]);
      }
    };
    options.onFeatures(0, total);
    const train = await extract(split.train);
    held.push(...train);
    const validation = split.validation === undefined ? undefined : await extract(split.validation);
    const validationSources = validation === undefined ? [] : [...sources];
    if (validation !== undefined) held.push(...validation);
    options.onTraining();
    const history = await trainWithCurves(models.head, train[0], train[1], {
      epochs: options.epochs,
      seed: options.seed,
      ...(validation !== undefined ? { validationData: validation } : {}),
      chart: options.chart,
      print: options.print,
    });
    const accuracy = history.history['accuracy']?.at(-1) ?? Number.NaN;
    const validationAccuracy = history.history['val_accuracy']?.at(-1);
    const validationPhotos =
      validation === undefined || split.validation === undefined
        ? []
        : await validatedPhotos(models.head, validation, validationSources, split.validation);
    return {
      model: models.full,
      classNames,
      accuracy,
      validationAccuracy,
      validationPhotos,
      summary: describeAccuracy(accuracy, validationAccuracy, train[0].shape[0], validation?.[0].shape[0] ?? 0),
      dispose: models.dispose,
    };
  } catch (error) {
    models.dispose();
    throw error;
  } finally {
    tf.dispose(held);
  }
}

/**
 * Each held-back photo (by the name its batch gave it) with its class and the model's prediction:
 * the head's on features, or the whole model's on images.
 */
export async function validatedPhotos(
  head: LayersModel,
  [features, labels]: [tf.Tensor, tf.Tensor1D],
  sources: readonly string[],
  part: ImageDataset,
): Promise<ValidatedPhoto[]> {
  const fileByName = new Map(part.examples.map((example) => [example.name, example.source]));
  const [predicted, scores, truth] = tf.tidy(() => {
    const probabilities = head.predict(features, { batchSize }) as tf.Tensor2D;
    return [tf.argMax(probabilities, 1).dataSync(), tf.max(probabilities, 1).dataSync(), labels.dataSync()];
  });
  return sources.flatMap((name, i) => {
    const file = fileByName.get(name);
    return file instanceof File ? [{ file, label: truth[i] as number, predicted: predicted[i] as number, score: scores[i] as number }] : [];
  });
}

/** What a run's accuracies mean, in a sentence or two, saying so plainly when the model overfits. */
export function describeAccuracy(
  accuracy: number,
  validationAccuracy: number | undefined,
  trainCount: number,
  validationCount: number,
): string {
  const trained = `Training accuracy ${accuracy.toFixed(2)} on ${trainCount} photos`;
  if (validationAccuracy === undefined) return `${trained}. No photos were held back, so there is no telling how it does on new ones.`;
  const validated = `validation accuracy ${validationAccuracy.toFixed(2)} on ${validationCount} held-back photos`;
  if (accuracy - validationAccuracy >= 0.2) {
    return `${trained}, but ${validated}: the new layer learned the training photos by heart rather than what tells the classes apart. That is overfitting; more photos per class help.`;
  }
  return `${trained}, ${validated}.`;
}
