import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type ByteCache } from '@dendrite/core';
import { writeBytes } from './write-bytes.js';

/**
 * The folder a disk cache uses when none is given: `$DENDRITE_CACHE_DIR` when set, otherwise
 * `~/.cache/dendrite`.
 *
 * @returns an absolute folder path
 * @category Platform
 * @example
 * ```ts
 * console.log(defaultCacheFolder()); // '/home/ada/.cache/dendrite'
 * ```
 */
export function defaultCacheFolder(): string {
  const fromEnvironment = process.env['DENDRITE_CACHE_DIR'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return resolve(fromEnvironment);
  return join(homedir(), '.cache', 'dendrite');
}

/**
 * A {@link @dendrite/core!ByteCache} kept in a folder on disk, one file per key.
 *
 * A key such as `weights/<sha256>/model.json` is stored as one flat file named by the sha256 of
 * the key, followed by the key's last part for people browsing the folder; so no key can reach
 * outside the folder, keys that differ only in case never collide, and `a` and `a/b` can both be
 * stored. `put` writes a temporary file in the same folder, flushes it and renames it over the
 * entry, so a reader sees the old entry or the new one, never part of one.
 *
 * @param folder - where to keep the files; default `defaultCacheFolder()`. Created on first `put`.
 * @returns the cache
 * @category Platform
 * @example
 * ```ts
 * const cache = createDiskCache();
 * await cache.put('labels/imagenet.json', bytes);
 * const again = await cache.get('labels/imagenet.json');
 * ```
 */
export function createDiskCache(folder?: string): ByteCache {
  const location = folder === undefined ? defaultCacheFolder() : resolve(folder);
  const fileOf = (key: string): string => join(location, entryName(key));

  return {
    location,

    async get(key) {
      try {
        const buffer = await readFile(fileOf(key));
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async has(key) {
      try {
        return (await stat(fileOf(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    async put(key, bytes) {
      await writeBytes(fileOf(key), bytes);
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },

    pathOf: fileOf,
  };
}

/**
 * The file name of a key: the key's sha256 (which makes it unique and safe) and, for people, its
 * last path part reduced to characters every file system accepts.
 */
function entryName(key: string): string {
  if (typeof key !== 'string' || key === '') {
    throw new InvalidArgumentError('key', 'a cache key must be a non-empty string', "Use keys such as 'weights/<sha256>/model.json'.");
  }
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  const lastPart = key.split('/').filter((part) => part !== '').at(-1) ?? '';
  const readable = lastPart.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '').slice(-60);
  return readable === '' ? digest : `${digest}-${readable}`;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
