import { InvalidDataError } from '@dendrite/core';
import type { ByteSource } from '@dendrite/core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describeSource } from '../images/source-name.js';
import { datasetBatches } from './dataset-batches.js';
import { EmptyDatasetError } from './dataset-errors.js';
import type {
  ImageDatasetBatch,
  ImageDatasetBatchesOptions,
  ImageDatasetDefaults,
  ImageDatasetExample,
  ImageDatasetLoadOptions,
  LabelledImage,
  LoadedImageDataset,
} from './image-dataset-types.js';
import { loadDataset } from './load-dataset.js';
import { validateClassNames } from './validate-class-names.js';

/**
 * A labelled image dataset: the class names and, for every example, where its image is and its
 * class index. It holds no decoded images: they are read, decoded and resized batch by batch by
 * {@link ImageDataset.batches}, or all at once by {@link ImageDataset.load} for small sets.
 *
 * Make one with {@link imageDatasetFromDirectory} (one subfolder per class),
 * {@link imageDatasetFromFiles} (a rule on file names) or {@link imageDatasetFromExamples}
 * (an explicit list), and split it with {@link stratifiedSplit}.
 *
 * @category Data
 * @example
 * ```ts
 * await useNodePlatform();
 * // The course's cats: f01.jpg ... f20.jpg female, m01.jpg ... m20.jpg male.
 * const byInitial: FileNameRule = { classNames: ['female', 'male'], labelOf: (name) => ({ f: 'female', m: 'male' })[name[0]] };
 * const cats = await imageDatasetFromFiles('data/cats', byInitial);
 * console.log(String(cats)); // 40 images in 2 classes: female 20, male 20
 * const { xs, ys } = await cats.load({ size: [224, 224], preprocess: preprocessInput });
 * ```
 */
export class ImageDataset<Labels extends Tensor1D | Tensor2D = Tensor1D> {
  /** The class names; an example's `label` is an index into this list. */
  readonly classNames: readonly string[];
  /** Every example in dataset order (file-name order for folders; shuffled by Keras's rule for {@link imageDatasetFromDirectory}). */
  readonly examples: readonly ImageDatasetExample[];
  /** What `batches` and `load` use when a call does not say (image size, batch size, interpolation, ...). */
  readonly defaults: ImageDatasetDefaults;
  #passes = 0;

  /**
   * Use {@link imageDatasetFromDirectory}, {@link imageDatasetFromFiles} or
   * {@link imageDatasetFromExamples}, which check their input.
   *
   * @internal
   */
  constructor(classNames: readonly string[], examples: readonly ImageDatasetExample[], defaults: ImageDatasetDefaults = {}) {
    this.classNames = Object.freeze([...classNames]);
    this.examples = Object.freeze(examples.map((example) => Object.freeze({ ...example })));
    this.defaults = Object.freeze({ ...defaults });
  }

  /**
   * How many examples the dataset has.
   *
   * @example
   * ```ts
   * console.log(dataset.length); // 40
   * ```
   */
  get length(): number {
    return this.examples.length;
  }

  /**
   * How many examples each class has, in `classNames` order.
   *
   * @returns one count per class
   * @example
   * ```ts
   * console.log(dataset.classCounts()); // [20, 20]
   * ```
   */
  classCounts(): number[] {
    const counts = this.classNames.map(() => 0);
    for (const { label } of this.examples) counts[label] = (counts[label] ?? 0) + 1;
    return counts;
  }

  /**
   * Streams the dataset as labelled batches: only the images of the batch being made are read and
   * decoded, so a folder of any size fits in memory. Every image is resized to `size`. The caller
   * owns each batch's `xs` and `ys` and disposes them. Leaving the loop early is safe.
   *
   * An image that cannot be read or decoded is skipped, the next example takes its place, and one
   * warning listing the skipped images is given when the pass ends (or stops); with `strict: true`
   * the platform's error is thrown instead. Options are checked when `batches` is called.
   *
   * @param options - `size`, `batchSize`, `interpolation`, `cropToAspectRatio`, `shuffle` and `seed`
   *   (each defaulting to the dataset's {@link ImageDataset.defaults}, else `size` is required,
   *   32, `'bilinear'`, `false`, `false`), `preprocess`, `strict`, `onWarning`, `signal`
   * @returns an async generator of `{ xs, ys, sources }`
   * @throws {@link @dendrite/core!InvalidArgumentError} at once when an option is invalid; while
   *   iterating, with `strict: true`, the platform's read or decode error naming the file
   * @example
   * ```ts
   * for await (const { xs, ys } of train.batches({ batchSize: 16, size: [224, 224], preprocess: preprocessInput })) {
   *   const features = base.predict(xs) as tf.Tensor;
   *   // ... keep the features and labels, then:
   *   tf.dispose([xs, ys, features]);
   * }
   * ```
   */
  batches(options: ImageDatasetBatchesOptions = {}): AsyncGenerator<ImageDatasetBatch<Labels>, void, undefined> {
    const context = { defaults: this.defaults, classCount: this.classNames.length, pass: this.#passes };
    const batches = datasetBatches<Labels>(this.examples, options, context);
    this.#passes += 1;
    return batches;
  }

  /**
   * Loads the whole dataset, in dataset order, into `xs` `[n, height, width, 3]` and `ys` `[n]`,
   * for small sets such as the course's 40 cats. Larger sets belong in {@link ImageDataset.batches}.
   * Unreadable images are skipped with a warning (or thrown with `strict: true`), as in `batches`.
   *
   * @param options - `size`, `interpolation`, `cropToAspectRatio` (defaulting to the dataset's
   *   {@link ImageDataset.defaults}), `preprocess`, `strict`, `onWarning`, `signal`
   * @returns the images, their labels and their names; the caller owns both tensors
   * @throws {@link @dendrite/core!InvalidArgumentError} when an option is invalid; with
   *   `strict: true`, the platform's read or decode error naming the file
   * @example
   * ```ts
   * const { xs, ys } = await validation.load({ size: [224, 224], preprocess: preprocessInput });
   * model.evaluate(xs, ys);
   * tf.dispose([xs, ys]);
   * ```
   */
  load(options: ImageDatasetLoadOptions = {}): Promise<LoadedImageDataset<Labels>> {
    return loadDataset<Labels>(this.examples, options, { defaults: this.defaults, classCount: this.classNames.length, pass: 0 });
  }

  /**
   * A one-line description: the number of images and of classes, and each class's count.
   *
   * @returns such as `'40 images in 2 classes: female 20, male 20'`
   * @example
   * ```ts
   * console.log(String(dataset));
   * ```
   */
  toString(): string {
    const counts = this.classCounts();
    const perClass = this.classNames.map((name, i) => `${name} ${counts[i] ?? 0}`).join(', ');
    const images = this.length === 1 ? '1 image' : `${this.length} images`;
    const classes = this.classNames.length === 1 ? '1 class' : `${this.classNames.length} classes`;
    return `${images} in ${classes}: ${perClass}`;
  }
}

/**
 * Options for {@link imageDatasetFromExamples}.
 *
 * @category Data
 */
export interface ImageDatasetFromExamplesOptions {
  /** The class names in label order: label 0 is `classNames[0]`. */
  readonly classNames: readonly string[];
}

/**
 * Makes a dataset from an explicit list of images and class indices, kept in the order given. This
 * is the way in a browser, where there are no folders: pass the `File`s a user picked.
 *
 * @param examples - `{ source, label }` for every image: a path, URL, `File`, `Blob` or bytes, and
 *   the index of its class
 * @param options - `classNames`, in label order
 * @returns the dataset
 * @throws {@link EmptyDatasetError} when `examples` is empty; {@link @dendrite/core!InvalidArgumentError}
 *   for bad `classNames`; {@link @dendrite/core!InvalidDataError} for a label that is not a class index
 * @category Data
 * @example
 * ```ts
 * const files = [...input.files]; // from <input type="file" multiple>
 * const dataset = imageDatasetFromExamples(
 *   files.map((file) => ({ source: file, label: file.name.startsWith('m') ? 1 : 0 })),
 *   { classNames: ['female', 'male'] },
 * );
 * ```
 */
export function imageDatasetFromExamples(
  examples: readonly LabelledImage[],
  options: ImageDatasetFromExamplesOptions,
): ImageDataset {
  const classNames = validateClassNames(options?.classNames);
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new EmptyDatasetError({
      source: 'the given examples',
      problem: 'The list of examples is empty, so the dataset would hold no images',
      fix: 'Pass at least one { source, label }.',
    });
  }
  const named = examples.map((example, index): ImageDatasetExample => {
    const { source, label } = example ?? ({} as LabelledImage);
    if (!Number.isInteger(label) || label < 0 || label >= classNames.length) {
      throw new InvalidDataError(
        `examples[${index}].label`,
        `is ${String(label)}, which is not the index of one of the ${classNames.length} classes`,
        `Use a whole number from 0 to ${classNames.length - 1}, the position of the class in classNames.`,
      );
    }
    if (source === undefined || source === null) {
      throw new InvalidDataError(`examples[${index}].source`, 'is missing', 'Give a path, URL, File, Blob or bytes.');
    }
    return { source: source as ByteSource, label, name: describeSource(source as ByteSource, index) };
  });
  return new ImageDataset(classNames, named);
}
