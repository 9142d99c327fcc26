import type { BlobLike, ByteSource, UrlLike } from '@dendrite/core';
import { getPlatform, InvalidArgumentError, InvalidDataError } from '@dendrite/core';
import { EmptyDatasetError } from './dataset-errors.js';
import { ImageDataset } from './image-dataset.js';
import type { ImageDatasetExample } from './image-dataset-types.js';
import { baseName, compareNames, isImageFileName } from './image-file-names.js';
import { listFolder, requireListing } from './list-folder.js';
import { validateClassNames } from './validate-class-names.js';

/**
 * A browser `File` (or any Blob with a name): what `<input type="file">` and drag and drop give.
 *
 * @category Data
 */
export interface NamedFile extends BlobLike {
  /** The file's name, such as `'f01.jpg'`. */
  readonly name: string;
  /** Its path inside a picked folder (`<input webkitdirectory>`), such as `'cats/f01.jpg'`. */
  readonly webkitRelativePath?: string;
}

/**
 * An image file given by name: a path, a URL, or a browser `File`.
 *
 * @category Data
 */
export type ImageFileSource = string | UrlLike | NamedFile;

/**
 * A rule that labels images by their file names.
 *
 * @category Data
 * @example
 * ```ts
 * // cat_train_0.bmp, dog_test_0.bmp, hotdog_train_1.bmp, ...
 * const byPrefix: FileNameRule = { labelOf: (fileName) => fileName.split('_')[0] };
 * ```
 */
export interface FileNameRule {
  /**
   * The class name of a file, or `undefined` to leave the file out. It receives the file's own name
   * (`'f01.jpg'`) and its path as given (a `File`'s `webkitRelativePath` when it has one).
   */
  readonly labelOf: (fileName: string, path: string) => string | undefined;
  /**
   * The classes in label order. Default: every name `labelOf` returns, sorted. When given, every
   * class must get at least one file and `labelOf` may return only these names.
   */
  readonly classNames?: readonly string[];
}

/** A file that may join the dataset, before labelling. */
interface Candidate {
  readonly source: ByteSource;
  readonly fileName: string;
  readonly path: string;
}

/**
 * Makes a labelled dataset from image files labelled by a rule on their names, such as the
 * course's cats (`f01.jpg` female, `m01.jpg` male). Give a folder (its
 * image files, not its subfolders, are taken) or a list of paths, URLs or browser `File`s. Only
 * `.jpg`, `.jpeg`, `.png`, `.bmp`, `.gif` and `.webp` files (any letter case) are taken; other files
 * are ignored. Examples are ordered by file name, as in a folder listing, whatever the order given.
 * No image is read yet.
 *
 * @param folderOrFiles - a folder (needs a platform with folders, such as Node), or a list of files
 * @param rule - `labelOf(fileName, path)` giving a class name (or `undefined` to leave the file
 *   out), and optionally `classNames` in label order
 * @returns the dataset
 * @throws {@link EmptyDatasetError} when there is no image file, no image matches the rule, or a
 *   class in `classNames` gets no file; {@link @dendrite/core!InvalidDataError} when `labelOf`
 *   returns a name outside `classNames`; {@link @dendrite/core!InvalidArgumentError} for a folder
 *   on a platform without folders, or a list item without a file name (use
 *   {@link imageDatasetFromExamples} for bytes)
 * @category Data
 * @example
 * ```ts
 * await useNodePlatform();
 * // The course's cats: f01.jpg ... f20.jpg female, m01.jpg ... m20.jpg male.
 * const byInitial: FileNameRule = { classNames: ['female', 'male'], labelOf: (name) => ({ f: 'female', m: 'male' })[name[0]] };
 * const cats = await imageDatasetFromFiles('data/cats', byInitial);
 * console.log(cats.classNames, cats.classCounts()); // ['female', 'male'] [20, 20]
 *
 * // In a browser, with the files a user picked:
 * const picked = await imageDatasetFromFiles([...input.files], byInitial);
 * ```
 */
export async function imageDatasetFromFiles(folderOrFiles: string | readonly ImageFileSource[], rule: FileNameRule): Promise<ImageDataset> {
  if (typeof rule?.labelOf !== 'function') {
    throw new InvalidArgumentError(
      'labelOf',
      'is missing; it gives the class of each file from its name',
      "Pass { labelOf: (fileName) => ... }, such as fileName.startsWith('f') ? 'female' : 'male' for the course's cats.",
    );
  }
  const wanted = rule.classNames === undefined ? undefined : validateClassNames(rule.classNames);
  const where = typeof folderOrFiles === 'string' ? folderOrFiles : 'the given files';
  const all = typeof folderOrFiles === 'string' ? await folderCandidates(folderOrFiles) : listCandidates(folderOrFiles);
  const images = all.filter((candidate) => isImageFileName(candidate.fileName));
  images.sort((a, b) => compareNames(a.fileName, b.fileName) || compareNames(a.path, b.path));
  if (images.length === 0) {
    throw new EmptyDatasetError({
      source: where,
      problem: `Found no image files (.jpg, .jpeg, .png, .bmp, .gif or .webp) in ${where} (${all.length} other file${all.length === 1 ? '' : 's'})`,
      fix:
        typeof folderOrFiles === 'string'
          ? 'Pass the folder that holds the images; for one subfolder per class, use imageDatasetFromDirectory.'
          : 'Pass image files.',
    });
  }
  const labelled = images.flatMap((candidate) => {
    const className = rule.labelOf(candidate.fileName, candidate.path);
    if (className === undefined) return [];
    if (typeof className !== 'string' || className === '') {
      throw new InvalidDataError(
        'labelOf',
        `returned ${JSON.stringify(className) ?? String(className)} for ${candidate.fileName}, which is not a class name`,
        'Return a non-empty string, or undefined to leave the file out.',
      );
    }
    return [{ candidate, className }];
  });
  if (labelled.length === 0) {
    const sample = images
      .slice(0, 3)
      .map((candidate) => candidate.fileName)
      .join(', ');
    throw new EmptyDatasetError({
      source: where,
      problem: `None of the ${images.length} images in ${where} matched the labelling rule (such as ${sample})`,
      fix: 'Check that labelOf returns a class name for these file names.',
    });
  }
  const classNames = wanted ?? [...new Set(labelled.map((item) => item.className))].sort(compareNames);
  const examples = labelled.map(({ candidate, className }): ImageDatasetExample => {
    const label = classNames.indexOf(className);
    if (label < 0) {
      throw new InvalidDataError(
        'labelOf',
        `gave class '${className}' to ${candidate.fileName}, which is not one of classNames (${classNames.join(', ')})`,
        'Add the class to classNames, or make labelOf return undefined for files to leave out.',
      );
    }
    return { source: candidate.source, label, name: candidate.path };
  });
  const counts = classNames.map((_, label) => examples.filter((example) => example.label === label).length);
  const missing = counts.indexOf(0);
  if (missing >= 0) {
    const className = classNames[missing] as string;
    throw new EmptyDatasetError({
      source: where,
      className,
      problem: `No image in ${where} belongs to class '${className}' under the labelling rule`,
      fix: 'Add images of that class, or leave it out of classNames.',
    });
  }
  return new ImageDataset(classNames, examples);
}

async function folderCandidates(folder: string): Promise<Candidate[]> {
  const list = requireListing(getPlatform(), folder, 'imageDatasetFromFiles');
  const { files } = await listFolder(list, folder);
  return files.map((file) => ({ source: file.path, fileName: file.name, path: file.path }));
}

function listCandidates(files: readonly ImageFileSource[]): Candidate[] {
  if (!Array.isArray(files)) {
    throw new InvalidArgumentError(
      'files',
      'must be a folder path or a list of files',
      'Pass a folder path or an array of paths, URLs or Files.',
    );
  }
  return files.map((file: unknown, index): Candidate => {
    if (typeof file === 'string') return { source: file, fileName: baseName(file), path: file };
    if (typeof file === 'object' && file !== null) {
      if ('href' in file && typeof file.href === 'string') {
        const href = file.href;
        return { source: file as UrlLike, fileName: decodeName(baseName(href.split(/[?#]/)[0] ?? href)), path: href };
      }
      if ('name' in file && typeof file.name === 'string' && file.name !== '' && 'arrayBuffer' in file) {
        const named = file as NamedFile;
        const relative = named.webkitRelativePath;
        return { source: named, fileName: named.name, path: relative !== undefined && relative !== '' ? relative : named.name };
      }
    }
    throw new InvalidArgumentError(
      `files[${index}]`,
      'has no file name, which a rule on file names needs',
      'Pass paths, URLs or Files; for bytes or nameless Blobs use imageDatasetFromExamples with explicit labels.',
    );
  });
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
