import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A file in a folder of its own under the system's temporary folder.
 *
 * @internal
 */
export interface PrivateTempFile {
  /** The file's absolute path. */
  readonly path: string;
  /** Deletes the file and its folder; never throws. */
  remove(): Promise<void>;
}

/**
 * Writes `contents` to a new file named `fileName` in a fresh folder that only this user can read
 * (`mkdtemp` creates it with mode 0700), so no other user can swap the file before it is used. The
 * file is written under a temporary name and renamed, so it is either whole or absent.
 *
 * @param fileName - the file's name inside the new folder
 * @param contents - the text to write
 * @returns the file, with a way to remove it
 * @internal
 * @example
 * ```ts
 * const script = await writePrivateTempFile('worker.cjs', source);
 * try { new Worker(script.path); } finally { await script.remove(); }
 * ```
 */
export async function writePrivateTempFile(fileName: string, contents: string): Promise<PrivateTempFile> {
  const folder = await mkdtemp(join(tmpdir(), 'dendrite-'));
  const remove = async (): Promise<void> => {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    const path = join(folder, fileName);
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await writeFile(partial, contents, { mode: 0o600 });
    await rename(partial, path);
    return { path, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
