import { getPlatform, InvalidArgumentError } from '@dendrite/core';
import type { DirectoryEntry } from '@dendrite/core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { ImageSize } from '../images/image-options.js';
import type { Interpolation } from '../images/interpolation.js';
import { validateBatchSize, validateImageSize, validateResize } from '../images/validate-image-options.js';
import { EmptyDatasetError } from './dataset-errors.js';
import { ImageDataset } from './image-dataset.js';
import type { ImageDatasetDefaults, ImageDatasetExample, LabelMode } from './image-dataset-types.js';
import { checkValidationSplit, kerasValidationSplit, type Subset } from './keras-validation-split.js';
import { isImageFileName } from './image-file-names.js';
import { listFolder, listImagesBelow, requireListing } from './list-folder.js';
import { validateClassNames } from './validate-class-names.js';

/**
 * Options for {@link imageDatasetFromDirectory}: Keras's `image_dataset_from_directory` arguments,
 * in camelCase, with Keras's defaults.
 *
 * @category Data
 */
export interface ImageDatasetFromDirectoryOptions {
  /**
   * Use only these subfolders, in this order (label `i` is `classNames[i]`), as Keras's
   * `class_names`. Default: every subfolder, sorted by name.
   */
  readonly classNames?: readonly string[];
  /** Every image is resized to `[height, width]` (or `n` for `[n, n]`). Default `[256, 256]`, as Keras. */
  readonly imageSize?: ImageSize | number;
  /** Images per batch. Default 32. */
  readonly batchSize?: number;
  /** How labels are given: `'int'` (default), `'categorical'` or `'binary'`. */
  readonly labelMode?: LabelMode;
  /** How images are resized (computed as Pillow computes it). Default `'bilinear'`, as Keras. */
  readonly interpolation?: Interpolation;
  /** Resize only the centred box with the target's aspect ratio. Default `false`. */
  readonly cropToAspectRatio?: boolean;
  /**
   * Shuffle the files (once, with `seed`, before the split) and the order of every pass. Default
   * `true`, as Keras. With `false` the files keep class-then-name order.
   */
  readonly shuffle?: boolean;
  /** Seed of the shuffles; required with `validationSplit` when shuffling. */
  readonly seed?: number;
  /** The fraction of the files held out for validation, between 0 and 1; needs `subset`. */
  readonly validationSplit?: number;
  /** Which part to return when `validationSplit` is set; `'both'` returns `[training, validation]`. */
  readonly subset?: Subset;
}

/**
 * The dataset type {@link imageDatasetFromDirectory} returns for its options: labels `[n]` for
 * label mode `'int'`, `[n, k]` for the others; a `[training, validation]` pair for `subset: 'both'`.
 *
 * @category Data
 * @example
 * ```ts
 * const pair: DirectoryDatasets<{ subset: 'both'; validationSplit: number; seed: number }> =
 *   await imageDatasetFromDirectory('pets', { subset: 'both', validationSplit: 0.2, seed: 1 });
 * ```
 */
export type DirectoryDatasets<O extends ImageDatasetFromDirectoryOptions> = O extends { readonly subset: 'both' }
  ? [DirectoryDataset<O>, DirectoryDataset<O>]
  : DirectoryDataset<O>;

/**
 * One dataset of {@link DirectoryDatasets}.
 *
 * @category Data
 * @example
 * ```ts
 * const pets: DirectoryDataset<{ labelMode: 'categorical' }> = await imageDatasetFromDirectory('pets', { labelMode: 'categorical' });
 * ```
 */
export type DirectoryDataset<O extends ImageDatasetFromDirectoryOptions> = O extends {
  readonly labelMode: 'categorical' | 'binary';
}
  ? ImageDataset<Tensor2D>
  : ImageDataset<Tensor1D>;

const labelModes: readonly LabelMode[] = ['int', 'categorical', 'binary'];

/**
 * Makes a labelled dataset from a folder with one subfolder per class, as Keras's
 * `image_dataset_from_directory` does, with its arguments and defaults: the class names are the
 * subfolder names in sorted order (code-unit order, as Python sorts), each image's label is its
 * class's index, and images in nested folders inside a class folder belong to that class. Only
 * `.jpg`, `.jpeg`, `.png`, `.bmp`, `.gif` and `.webp` files (any letter case) are taken; other
 * files and hidden entries are ignored. No image is read yet: batches stream, resized to
 * `imageSize` with `interpolation`, `batchSize` at a time, in a new shuffled order on every pass.
 *
 * With `validationSplit` and `subset`, the files are split as Keras splits them: all paths
 * shuffled together with `seed`, then the last `floor(validationSplit * n)` held out. The subsets
 * have Keras's sizes for the same folder, split and seed, are disjoint, and are the same on every
 * run; which files fall in each differs from Keras's, whose shuffle is NumPy's. (For a split that
 * keeps each class's share, see {@link stratifiedSplit}.)
 *
 * The resize is Pillow's, as in Keras's `load_img`; Keras's own dataset resizes with
 * `tf.image.resize`, which does not widen its filter when shrinking, so on large photos its
 * pixels are sharper (aliased) than these.
 *
 * Needs a platform with folders (Node). In a browser, pass files to
 * {@link imageDatasetFromFiles} or {@link imageDatasetFromExamples}.
 *
 * @param folder - the folder holding one subfolder per class
 * @param options - Keras's arguments: `imageSize` (default `[256, 256]`), `batchSize` (32),
 *   `labelMode` (`'int'`), `classNames`, `interpolation` (`'bilinear'`), `cropToAspectRatio`
 *   (`false`), `shuffle` (`true`), `seed`, `validationSplit` and `subset`
 * @returns the dataset, or `[training, validation]` for `subset: 'both'`
 * @throws {@link EmptyDatasetError} when the folder has no subfolders, a class folder has no
 *   images (naming it), or a subset would be empty; {@link @dendrite/core!InvalidArgumentError}
 *   for a bad option (a split without `subset` or, when shuffling, without `seed`), when the
 *   platform cannot list folders, or a requested class has no subfolder; the platform's
 *   {@link @dendrite/core!ResourceNotFoundError} when the folder does not exist
 * @category Data
 * @example
 * ```ts
 * await useNodePlatform();
 * // pets/cat/*.jpg, pets/dog/*.jpg
 * const [train, validation] = await imageDatasetFromDirectory('pets', {
 *   imageSize: [224, 224],
 *   validationSplit: 0.2,
 *   subset: 'both',
 *   seed: 123,
 * });
 * console.log(train.classNames); // ['cat', 'dog']
 * for await (const { xs, ys } of train.batches()) {
 *   // xs [32, 224, 224, 3], ys [32]
 *   tf.dispose([xs, ys]);
 * }
 * ```
 */
export async function imageDatasetFromDirectory<const O extends ImageDatasetFromDirectoryOptions = Record<never, never>>(
  folder: string,
  options?: O,
): Promise<DirectoryDatasets<O>> {
  const given: ImageDatasetFromDirectoryOptions = options ?? {};
  const list = requireListing(getPlatform(), folder, 'imageDatasetFromDirectory');
  const defaults = directoryDefaults(given);
  const split = checkValidationSplit(given.validationSplit, given.subset, defaults.shuffle ?? true, given.seed);
  const wanted = given.classNames === undefined ? undefined : validateClassNames(given.classNames);
  const { files, folders } = await listFolder(list, folder);
  if (folders.length === 0) throw noClassFolders(folder, files);
  const classFolders = wanted === undefined ? folders : wanted.map((name) => findClassFolder(folders, name, folder));
  const classNames = classFolders.map((entry) => entry.name);
  if (defaults.labelMode === 'binary' && classNames.length !== 2) {
    throw new InvalidArgumentError(
      'labelMode',
      `is 'binary', which needs exactly 2 classes, but ${folder} has ${classNames.length}: ${classNames.join(', ')}`,
      "Use labelMode: 'int' or 'categorical', or choose two classes with classNames.",
    );
  }
  const examples: ImageDatasetExample[] = [];
  for (const [label, classFolder] of classFolders.entries()) {
    const images = await listImagesBelow(list, classFolder.path);
    if (images.length === 0) {
      throw new EmptyDatasetError({
        source: folder,
        className: classFolder.name,
        problem: `The class folder ${classFolder.path} holds no images (.jpg, .jpeg, .png, .bmp, .gif or .webp)`,
        fix: 'Add its images, or remove the folder (or leave it out with the classNames option).',
      });
    }
    for (const image of images) examples.push({ source: image.path, label, name: image.path });
  }
  const { training, validation } = kerasValidationSplit(examples, {
    validationSplit: split.validationSplit,
    shuffle: defaults.shuffle ?? true,
    seed: given.seed,
  });
  const make = (part: ImageDatasetExample[], name: string) => {
    if (part.length === 0) throw emptySubset(folder, name, examples.length, split.validationSplit);
    return new ImageDataset(classNames, part, defaults);
  };
  if (split.subset === 'both') return [make(training, 'training'), make(validation, 'validation')] as DirectoryDatasets<O>;
  if (split.subset === 'validation') return make(validation, 'validation') as DirectoryDatasets<O>;
  return make(training, 'training') as DirectoryDatasets<O>;
}

function directoryDefaults(options: ImageDatasetFromDirectoryOptions): ImageDatasetDefaults {
  const imageSize = typeof options.imageSize === 'number' ? [options.imageSize, options.imageSize] : options.imageSize;
  const labelMode = options.labelMode ?? 'int';
  if (!labelModes.includes(labelMode)) {
    throw new InvalidArgumentError(
      'labelMode',
      `must be 'int', 'categorical' or 'binary', but got ${String(labelMode)}`,
      "Use 'int' for class indices (sparse_categorical_crossentropy), 'categorical' for one-hot rows, 'binary' for two classes.",
    );
  }
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') {
    throw new InvalidArgumentError('shuffle', `must be true or false, but got ${String(shuffle)}`, 'Pass shuffle: false to keep file order.');
  }
  const resize = validateResize(options, 'bilinear', { name: 'cropToAspectRatio', value: options.cropToAspectRatio });
  return {
    imageSize: validateImageSize(imageSize ?? [256, 256]) as ImageSize,
    batchSize: validateBatchSize(options.batchSize),
    interpolation: resize.interpolation,
    cropToAspectRatio: resize.keepAspectRatio,
    shuffle,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    labelMode,
  };
}

function emptySubset(folder: string, subset: string, total: number, split: number | undefined): EmptyDatasetError {
  return new EmptyDatasetError({
    source: folder,
    problem: `The ${subset} subset of ${folder} would hold no images (${total} images, validationSplit ${String(split)})`,
    fix: 'Use a validationSplit that leaves images on both sides, or add images.',
  });
}

function noClassFolders(folder: string, files: readonly DirectoryEntry[]): EmptyDatasetError {
  const images = files.filter((file) => isImageFileName(file.name)).length;
  if (images > 0) {
    return new EmptyDatasetError({
      source: folder,
      problem:
        `${folder} holds ${images} image${images === 1 ? '' : 's'} but no class subfolders; ` +
        `imageDatasetFromDirectory expects one subfolder per class (such as ${folder}/cat/ and ${folder}/dog/)`,
      fix: "To label images by their file names, use imageDatasetFromFiles(folder, { labelOf }) instead (for the course's cats: a rule on the first letter, f or m).",
    });
  }
  return new EmptyDatasetError({
    source: folder,
    problem: `${folder} is empty: it has no class subfolders and no images`,
    fix: 'Put the images of each class in a subfolder named after the class, or pass the folder that holds them.',
  });
}

function findClassFolder(folders: readonly DirectoryEntry[], name: string, folder: string): DirectoryEntry {
  const found = folders.find((entry) => entry.name === name);
  if (found !== undefined) return found;
  throw new InvalidArgumentError(
    'classNames',
    `names '${name}', but ${folder} has no subfolder of that name`,
    `Choose among its subfolders: ${folders.map((entry) => `'${entry.name}'`).join(', ')}.`,
  );
}
