import { getPlatform, InvalidArgumentError } from '@dendrite/core';
import type { DirectoryEntry } from '@dendrite/core';
import { EmptyDatasetError } from './dataset-errors.js';
import { ImageDataset } from './image-dataset.js';
import type { ImageDatasetExample } from './image-dataset-types.js';
import { isImageFileName } from './image-file-names.js';
import { listFolder, listImagesBelow, requireListing } from './list-folder.js';
import { validateClassNames } from './validate-class-names.js';

/**
 * Options for {@link imageDatasetFromDirectory}.
 *
 * @category Data
 */
export interface ImageDatasetFromDirectoryOptions {
  /**
   * Use only these subfolders, in this order (label `i` is `classNames[i]`), as Keras's
   * `class_names`. Default: every subfolder, sorted by name.
   */
  readonly classNames?: readonly string[];
}

/**
 * Makes a labelled dataset from a folder with one subfolder per class, as Keras's
 * `image_dataset_from_directory` does: the class names are the subfolder names in sorted order
 * (code-unit order, as Python sorts), and each image's label is its class's index. Images in
 * nested folders inside a class folder belong to that class. Only `.jpg`, `.jpeg`, `.png`,
 * `.bmp`, `.gif` and `.webp` files (any letter case) are taken; other files and hidden entries
 * are ignored. No image is read yet.
 *
 * Needs a platform with folders (Node). In a browser, pass files to
 * {@link imageDatasetFromFiles} or {@link imageDatasetFromExamples}.
 *
 * @param folder - the folder holding one subfolder per class
 * @param options - `classNames` to choose and order the classes
 * @returns the dataset, examples ordered by class, then by file name
 * @throws {@link EmptyDatasetError} when the folder has no subfolders, or a class folder has no
 *   images (naming it); {@link @dendrite/core!InvalidArgumentError} when the platform cannot list
 *   folders, or a requested class has no subfolder; the platform's
 *   {@link @dendrite/core!ResourceNotFoundError} when the folder does not exist
 * @category Data
 * @example
 * ```ts
 * await useNodePlatform();
 * // pets/cat/*.jpg, pets/dog/*.jpg
 * const pets = await imageDatasetFromDirectory('pets');
 * console.log(pets.classNames); // ['cat', 'dog']
 * ```
 */
export async function imageDatasetFromDirectory(
  folder: string,
  options: ImageDatasetFromDirectoryOptions = {},
): Promise<ImageDataset> {
  const list = requireListing(getPlatform(), folder, 'imageDatasetFromDirectory');
  const wanted = options.classNames === undefined ? undefined : validateClassNames(options.classNames);
  const { files, folders } = await listFolder(list, folder);
  if (folders.length === 0) throw noClassFolders(folder, files);
  const classFolders = wanted === undefined ? folders : wanted.map((name) => findClassFolder(folders, name, folder));
  const classNames = classFolders.map((entry) => entry.name);
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
  return new ImageDataset(classNames, examples);
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
