import type { AbortSignalLike, ByteSource } from '@dendrite/core';
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { ImageSize, ResizeMode } from '../images/image-options.js';
import type { Interpolation } from '../images/interpolation.js';

/**
 * How a dataset gives its labels, by Keras's `label_mode` names:
 *
 * - `'int'`: the class index of each image, `ys` `[n]`;
 * - `'categorical'`: one-hot rows, `ys` `[n, classes]` (for `categorical_crossentropy`);
 * - `'binary'`: 0 or 1 as `[n, 1]`, for exactly two classes (for `binary_crossentropy`).
 *
 * @category Data
 * @example
 * ```ts
 * const pets = await imageDatasetFromDirectory('pets', { labelMode: 'categorical' });
 * ```
 */
export type LabelMode = 'int' | 'categorical' | 'binary';

/**
 * The labels tensor of a batch for a {@link LabelMode}: `[n]` for `'int'`, `[n, k]` otherwise.
 *
 * @category Data
 * @example
 * ```ts
 * const ys: LabelsFor<'categorical'> = tf.oneHot([0, 1], 2).toFloat() as tf.Tensor2D;
 * ```
 */
export type LabelsFor<M extends LabelMode> = M extends 'int' ? Tensor1D : Tensor2D;

/**
 * What a dataset uses when a call to {@link ImageDataset.batches} or {@link ImageDataset.load} does
 * not say: set by {@link imageDatasetFromDirectory} from Keras's arguments, kept by splits.
 *
 * @category Data
 * @example
 * ```ts
 * const train = await imageDatasetFromDirectory('pets', { imageSize: [160, 160], batchSize: 16 });
 * console.log(train.defaults.imageSize, train.defaults.batchSize); // [160, 160] 16
 * ```
 */
export interface ImageDatasetDefaults {
  /** Every image is resized to this `[height, width]`. */
  readonly imageSize?: ImageSize;
  /** Images per batch. */
  readonly batchSize?: number;
  /** How images are resized. Default `'bilinear'`, as Keras's datasets. */
  readonly interpolation?: Interpolation;
  /** Resize only the centred box with the target's aspect ratio. Default `false`. */
  readonly cropToAspectRatio?: boolean;
  /** Visit the examples in a new random order on every pass. Default `false`. */
  readonly shuffle?: boolean;
  /** Seed of those shuffles: pass `i` uses a seed derived from it, so runs repeat. */
  readonly seed?: number;
  /** How labels are given. Default `'int'`. */
  readonly labelMode?: LabelMode;
}

/**
 * One image and its class index, as given to {@link imageDatasetFromExamples}.
 *
 * @category Data
 */
export interface LabelledImage {
  /** Where the image is read from: a path, a URL, a browser `File` or `Blob`, or bytes. */
  readonly source: ByteSource;
  /** The index of its class in the dataset's `classNames`. */
  readonly label: number;
}

/**
 * One example of an {@link ImageDataset}: where its image is, a name for it and its class index.
 * The image itself is read only when batches are made.
 *
 * @category Data
 * @example
 * ```ts
 * for (const example of dataset.examples) console.log(example.name, dataset.classNames[example.label]);
 * ```
 */
export interface ImageDatasetExample extends LabelledImage {
  /** The path, URL or file name of the image, for messages and for telling examples apart. */
  readonly name: string;
}

/**
 * One image left out of a batch because it could not be read or decoded.
 *
 * @category Data
 * @example
 * ```ts
 * const onWarning = (warning: DatasetWarning) => warning.skipped.forEach((s: SkippedImage) => console.log(s.name, s.reason));
 * ```
 */
export interface SkippedImage {
  /** The path, URL or file name of the image. */
  readonly name: string;
  /** Why it was left out (the error's message). */
  readonly reason: string;
  /** The error the platform threw for it. */
  readonly error: unknown;
}

/**
 * A warning about a dataset: images were skipped because they could not be read or decoded.
 *
 * @category Data
 * @example
 * ```ts
 * const batches = dataset.batches({ size: [224, 224], onWarning: (warning: DatasetWarning) => console.warn(warning.message) });
 * ```
 */
export interface DatasetWarning {
  /** The warning in plain words, naming (up to ten of) the skipped images. */
  readonly message: string;
  /** Every skipped image, with the reason. */
  readonly skipped: readonly SkippedImage[];
}

/**
 * Options for {@link ImageDataset.load}.
 *
 * @category Data
 */
export interface ImageDatasetLoadOptions {
  /**
   * Every image is resized to `[height, width]`, whatever its own size. Default: the dataset's
   * `imageSize` (set by {@link imageDatasetFromDirectory}); required when it has none.
   */
  readonly size?: ImageSize;
  /**
   * How pixels are computed when resizing, as Pillow computes them for Keras's `load_img`.
   * Default: the dataset's, else `'bilinear'` (Keras's dataset default). The course's own loading,
   * `load_img(path, target_size=(224, 224))`, is `'nearest'`.
   */
  readonly interpolation?: Interpolation;
  /**
   * Resize only the largest centred box with the target's aspect ratio, as Keras's
   * `crop_to_aspect_ratio`. Default: the dataset's, else `false` (stretched, as the course does).
   */
  readonly cropToAspectRatio?: boolean;
  /**
   * The older spelling of `cropToAspectRatio`: `'center-crop'` or `'stretch'`.
   *
   * @deprecated Use `cropToAspectRatio`.
   */
  readonly resizeMode?: ResizeMode;
  /**
   * Applied to each batch of images (float32, values 0..255) before it is handed out, such as
   * MobileNetV2's `preprocessInput`. Tensors it creates along the way are disposed.
   */
  readonly preprocess?: (images: Tensor4D) => Tensor4D;
  /**
   * `false` (default): an image that cannot be read or decoded is skipped and reported once, at the
   * end, through `onWarning`. `true`: it stops everything with the platform's error, which names it.
   */
  readonly strict?: boolean;
  /** Receives warnings about skipped images. Default: the platform prints them (`Warning: ...`). */
  readonly onWarning?: (warning: DatasetWarning) => void;
  /** Cancels reading (an `AbortSignal`). */
  readonly signal?: AbortSignalLike;
}

/**
 * Options for {@link ImageDataset.batches}.
 *
 * @category Data
 */
export interface ImageDatasetBatchesOptions extends ImageDatasetLoadOptions {
  /** Images per batch; default the dataset's, else 32, as in Keras. Only the last batch may be smaller. */
  readonly batchSize?: number;
  /**
   * Visit the examples in a random order instead of the dataset's order. Default: the dataset's
   * (`true` for {@link imageDatasetFromDirectory}, as Keras), else `false`.
   */
  readonly shuffle?: boolean;
  /**
   * Seed of the shuffle: the same seed gives the same order. Without it, the dataset's seed gives a
   * new but reproducible order on each pass, and a dataset without one differs from run to run.
   */
  readonly seed?: number;
}

/**
 * One batch of a labelled image dataset. The caller owns both tensors and disposes them.
 *
 * @category Data
 * @example
 * ```ts
 * for await (const { xs, ys, sources } of dataset.batches({ batchSize: 8, size: [224, 224] })) {
 *   console.log(xs.shape, ys.shape, sources[0]);
 *   tf.dispose([xs, ys]);
 * }
 * ```
 */
export interface ImageDatasetBatch<Labels extends Tensor1D | Tensor2D = Tensor1D> {
  /** The images, float32 `[n, height, width, 3]` (values 0..255 unless `preprocess` changed them). */
  readonly xs: Tensor4D;
  /**
   * The labels, float32: the class index of each image `[n]` (label mode `'int'`), or one-hot
   * `[n, classes]` (`'categorical'`), or `[n, 1]` (`'binary'`).
   */
  readonly ys: Labels;
  /** The name (path, URL or file name) of each image, in batch order. */
  readonly sources: readonly string[];
}

/**
 * A whole labelled image dataset in memory, as returned by {@link ImageDataset.load}. The caller
 * owns both tensors.
 *
 * @category Data
 * @example
 * ```ts
 * const { xs, ys, sources }: LoadedImageDataset = await dataset.load({ size: [224, 224] });
 * ```
 */
export type LoadedImageDataset<Labels extends Tensor1D | Tensor2D = Tensor1D> = ImageDatasetBatch<Labels>;
