import { fit, InvalidArgumentError, type ByteCache, type Callback, type History } from '@dendrite/core';
import type { ImageDataset, Interpolation } from '@dendrite/data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { preprocessInput } from '../preprocess-input.js';
import { extractFeatures, type FeatureProgress } from './extract-features.js';
import { requireFrozenSplit } from './frozen-base.js';
import { transferModel } from './transfer-model.js';

/**
 * Options of {@link transferLearn}: how to train, and Keras's `fit` arguments.
 *
 * @category Training
 */
export interface TransferLearnOptions {
  /**
   * `'fast'` (default): the base runs once per image and only the head trains, on its features.
   * `'keras'`: every epoch runs every image through the whole model, as Keras's `fit` does. Both
   * give the same model.
   */
  readonly mode?: 'fast' | 'keras';
  /** Images to validate on at the end of every epoch (`val_loss`, `val_accuracy`). */
  readonly validation?: ImageDataset;
  /** Passes over the training images. Default 1, as Keras's `fit`. */
  readonly epochs?: number;
  /** Images per training step. Default 32. */
  readonly batchSize?: number;
  /** Seed of the head's initial weights and of the batch order. */
  readonly seed?: number;
  /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch (Keras's `verbose`). Default 1. */
  readonly verbose?: 0 | 1 | 2;
  /** Called during training, as `fit`'s callbacks. */
  readonly callbacks?: readonly Callback[];
  /** Where finished lines go. Default: the platform's `print`. */
  readonly print?: (line: string) => void;
  /** Redraws the live line (Keras's verbose 1 bar on a terminal). */
  readonly write?: (line: string) => void;
  /** The fast way's feature cache (see {@link ExtractFeaturesOptions.cache}). Default false. */
  readonly cache?: boolean | ByteCache;
  /**
   * How photos are resized to the model's input (as Pillow computes it for Keras). Default: the
   * dataset's, else `'bilinear'`. The course's `load_img(path, target_size=(224, 224))` is `'nearest'`.
   */
  readonly interpolation?: Interpolation;
  /** Called as feature extraction (the fast way) progresses. */
  readonly onFeatures?: (progress: FeatureProgress) => void;
}

/**
 * What {@link transferLearn} produced.
 *
 * @category Training
 */
export interface TransferLearnResult {
  /** The trained model (images in, class probabilities out); the caller owns it and its base. */
  readonly model: LayersModel;
  /** Per-epoch metrics under Keras's names. */
  readonly history: History;
  /** The class names, in the order of the model's outputs. */
  readonly classNames: readonly string[];
}

/**
 * Transfer learning in one call: puts a new head on `base` ({@link transferModel}), then trains it
 * on a labelled image dataset the fast way ({@link extractFeatures}, then `fit` on
 * {@link transferHead}) or the Keras way (`fit` on the whole model, streaming the images),
 * validating on `validation` when given.
 *
 * The model takes the base over (see {@link transferModel}): dispose the model when done, not the
 * base. If training fails, the model (and so the base) is disposed.
 *
 * @param base - an image model, such as `await MobileNetV2()`
 * @param train - the labelled training images
 * @param options - mode, validation images, epochs, batch size, seed, callbacks, output, cache, progress
 * @returns the model, its History and its class names
 * @throws InvalidArgumentError for bad options, or validation images with other class names
 * @category Training
 * @example
 * ```ts
 * const cats = await imageDatasetFromDirectory('data/cats');
 * const { train, validation } = stratifiedSplit(cats, { validation: { lastPerClass: 5 } });
 * const { model, history } = await transferLearn(await MobileNetV2(), train, { validation, epochs: 20, seed: 42, verbose: 2 });
 * console.log(history.history.val_accuracy?.at(-1));
 * model.dispose();
 * ```
 */
export async function transferLearn(base: LayersModel, train: ImageDataset, options: TransferLearnOptions = {}): Promise<TransferLearnResult> {
  const { mode = 'fast', validation } = options;
  if (mode !== 'fast' && mode !== 'keras') {
    throw new InvalidArgumentError('mode', `must be 'fast' or 'keras', got ${JSON.stringify(mode)}`, "Leave it out for 'fast'.");
  }
  if (validation !== undefined && validation.classNames.join('\n') !== train.classNames.join('\n')) {
    throw new InvalidArgumentError(
      'validation',
      `has classes ${validation.classNames.join(', ')} but the training images have ${train.classNames.join(', ')}`,
      'Split one dataset with stratifiedSplit, so both parts share their classes.',
    );
  }
  const model = transferModel(base, { classNames: train.classNames, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const held: tf.Tensor[] = [];
  try {
    const { epochs, batchSize, verbose, seed, print, write, callbacks } = options;
    const fitOptions = { epochs, batchSize, verbose, seed, print, write, callbacks };
    let history: History;
    if (mode === 'fast') {
      const extract = {
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
        ...(options.onFeatures !== undefined ? { onProgress: options.onFeatures } : {}),
        ...(options.interpolation !== undefined ? { interpolation: options.interpolation } : {}),
      };
      const trainFeatures = await extractFeatures(model, train, extract);
      held.push(trainFeatures.features, trainFeatures.labels);
      const validationFeatures = validation === undefined ? undefined : await extractFeatures(model, validation, { ...extract });
      if (validationFeatures !== undefined) held.push(validationFeatures.features, validationFeatures.labels);
      const split = requireFrozenSplit(model, 'transferLearn');
      try {
        history = await fit(split.head, trainFeatures.features, trainFeatures.labels, {
          ...definedOnly(fitOptions),
          ...(validationFeatures !== undefined ? { validationData: [validationFeatures.features, validationFeatures.labels] as const } : {}),
        });
      } finally {
        split.dispose();
      }
    } else {
      // The images in memory, as the course's 40 photos fit there: the batches then come in the
      // same order as the fast way's. For a large dataset, call fit(model, dataset) to stream it.
      const [, height, width] = model.inputs[0]?.shape ?? [];
      const size = [height as number, width as number] as const;
      const resize = options.interpolation !== undefined ? { interpolation: options.interpolation } : {};
      const images = await train.load({ size, ...resize, preprocess: preprocessInput });
      held.push(images.xs, images.ys);
      const validationImages = validation === undefined ? undefined : await validation.load({ size, ...resize, preprocess: preprocessInput });
      if (validationImages !== undefined) held.push(validationImages.xs, validationImages.ys);
      history = await fit(model, images.xs, images.ys, {
        ...definedOnly(fitOptions),
        ...(validationImages !== undefined ? { validationData: [validationImages.xs, validationImages.ys] as const } : {}),
      });
    }
    return { model, history, classNames: [...train.classNames] };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(held);
  }
}

/** The options that were given, without the undefined ones (the options are exactOptionalPropertyTypes). */
function definedOnly<T extends object>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
