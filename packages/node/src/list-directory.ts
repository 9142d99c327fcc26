import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DirectoryEntry, InvalidArgumentError, ResourceNotFoundError } from '@dendrite/core';

/**
 * Lists a folder's files and subfolders, sorted by name, following symbolic links. Hidden entries
 * (names starting with a dot) are left out.
 *
 * @param path - the folder
 * @returns its entries, each with the path to pass to `readBytes`
 * @throws ResourceNotFoundError when the folder does not exist; InvalidArgumentError when it is a file
 * @category Platform
 * @example
 * ```ts
 * const entries = await listDirectory('photos/cats');
 * ```
 */
export async function listDirectory(path: string): Promise<DirectoryEntry[]> {
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new ResourceNotFoundError(path, { cause: error });
    if (code === 'ENOTDIR') {
      throw new InvalidArgumentError('path', `${path} is a file, not a folder`, 'Pass the folder that holds the images.');
    }
    throw error;
  }
  const visible = names.filter((name) => !name.startsWith('.')).sort((a, b) => a.localeCompare(b, 'en'));
  const entries = await Promise.all(
    visible.map(async (name): Promise<DirectoryEntry | undefined> => {
      const entryPath = join(path, name);
      try {
        const info = await stat(entryPath);
        if (info.isDirectory()) return { name, path: entryPath, kind: 'directory' };
        if (info.isFile()) return { name, path: entryPath, kind: 'file' };
        return undefined;
      } catch {
        // A broken link or an entry removed while listing is not part of the folder.
        return undefined;
      }
    }),
  );
  return entries.filter((entry): entry is DirectoryEntry => entry !== undefined);
}
