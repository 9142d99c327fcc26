import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@dendrite/core';

/**
 * Writes `bytes` to a file atomically: they go to a temporary file beside the target, are flushed
 * to disk, and the temporary file is renamed over the target. A reader (or a crash) sees the old
 * file or the whole new one, never part of one. The folder is created when missing.
 *
 * @param path - the file's path, or a `file://` URL
 * @param bytes - the content
 * @returns when the file is in place
 * @throws InvalidArgumentError when `path` is empty or names a folder; Node's own error (naming the
 *   path) when the file system refuses the write
 * @category Platform
 * @example
 * ```ts
 * await writeBytes('models/cats/weights.bin', new Uint8Array(weights));
 * ```
 */
export async function writeBytes(path: string, bytes: Uint8Array): Promise<void> {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError('path', 'must be a non-empty file path', "Pass a path such as 'models/cats/model.json'.");
  }
  const target = resolve(path.startsWith('file://') ? fileURLToPath(path) : path);
  const isFolder = await stat(target).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (isFolder) {
    throw new InvalidArgumentError('path', `${target} is a folder, not a file`, 'Pass the path of the file to write inside it.');
  }
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  // Hidden, and unique per process and call, so concurrent writers never share a temporary file.
  const temporary = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
