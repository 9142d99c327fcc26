import type { DirectoryEntry, Platform } from '@dendrite/core';
import { InvalidArgumentError } from '@dendrite/core';
import { compareNames, isImageFileName } from './image-file-names.js';

/** Lists one folder's entries, as `Platform.listDirectory` does. */
export type ListFolder = (path: string) => Promise<DirectoryEntry[]>;

/** A folder's visible entries, split into files and subfolders, each sorted by name. */
export interface FolderContents {
  readonly files: readonly DirectoryEntry[];
  readonly folders: readonly DirectoryEntry[];
}

/**
 * The platform's folder listing, or a clear error when the platform has no folders (a browser),
 * telling the caller to pass files instead.
 *
 * @internal
 */
export function requireListing(platform: Platform, folder: unknown, caller: string): ListFolder {
  if (typeof folder !== 'string' || folder === '') {
    throw new InvalidArgumentError('folder', `must be the path of a folder, but got ${String(folder)}`, 'Pass a path such as "data/cats".');
  }
  const list = platform.listDirectory;
  if (list === undefined) {
    throw new InvalidArgumentError(
      'folder',
      `the '${platform.name}' platform cannot list folders, so ${caller}('${folder}') cannot find the images ` +
        '(a web page has no folder paths)',
      'Pass the files instead: imageDatasetFromFiles(files, { labelOf }) with the File objects of an ' +
        '<input type="file" multiple> (or webkitdirectory), or imageDatasetFromExamples([{ source: file, label }], { classNames }).',
    );
  }
  return (path) => list.call(platform, path);
}

/**
 * A folder's entries without hidden ones, split into files and subfolders, sorted by name in
 * code-unit order (the platform's own order may follow a locale).
 *
 * @internal
 */
export async function listFolder(list: ListFolder, folder: string): Promise<FolderContents> {
  const entries = (await list(folder)).filter((entry) => !entry.name.startsWith('.'));
  entries.sort((a, b) => compareNames(a.name, b.name));
  return {
    files: entries.filter((entry) => entry.kind === 'file'),
    folders: entries.filter((entry) => entry.kind === 'directory'),
  };
}

/**
 * Every image file in a folder and its subfolders, at any depth: the folder's own images by name,
 * then each subfolder's, subfolders in name order (as Keras walks a class folder).
 *
 * @internal
 */
export async function listImagesBelow(list: ListFolder, folder: string): Promise<DirectoryEntry[]> {
  const { files, folders } = await listFolder(list, folder);
  const images = files.filter((file) => isImageFileName(file.name));
  for (const subfolder of folders) images.push(...(await listImagesBelow(list, subfolder.path)));
  return images;
}
