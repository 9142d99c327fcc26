import { getPlatform } from '@dendrite/core';
import { discardCached, downloadCached } from '@dendrite/core/internal';
import type { ByteReader } from './layers-model-json.js';

/** What {@link cachingReader} needs to know about each file. @internal */
export interface CachingReaderOptions {
  /** The cache key of an http(s) URL. */
  readonly cacheKey: (url: string) => string;
  /** The sha256 a file must have, when known. */
  readonly sha256?: (source: string) => string | undefined;
}

/** A {@link ByteReader} that keeps downloads in the platform's cache and can take them back. @internal */
export interface CachingReader {
  /** Reads a path directly, or an http(s) URL through the cache (downloading it once). */
  readonly read: ByteReader;
  /**
   * Removes the cache entries this reader stored. Called when the files turn out to be unusable
   * (corrupt JSON, a shard missing or too short), so that a bad download is not served again.
   */
  discard(): Promise<void>;
}

const isHttp = (source: string): boolean => /^https?:\/\//i.test(source);

/**
 * Makes a reader for one load of a set of files (a model.json and its shards, or one .h5): each
 * http(s) file is downloaded once into the platform's cache and later read from it, the platform's
 * offline mode is honoured, and what this load stored can be discarded if the set proves unusable.
 *
 * @internal
 * @param options - the cache key of each URL and, when known, each file's sha256
 * @returns the reader
 */
export function cachingReader(options: CachingReaderOptions): CachingReader {
  const platform = getPlatform();
  const stored: string[] = [];
  const read: ByteReader = async (source, readOptions) => {
    const sha256 = options.sha256?.(source);
    const download = { onProgress: readOptions.onProgress, signal: readOptions.signal, timeoutMs: readOptions.timeoutMs };
    // Paths are read directly (downloadCached never caches them) but still checked against sha256.
    if (!isHttp(source)) return sha256 === undefined ? platform.readBytes(source, readOptions) : downloadCached(source, { cacheKey: source, sha256, ...download });
    const cacheKey = options.cacheKey(source);
    const wasCached = await platform.cache.has(cacheKey);
    const bytes = await downloadCached(source, { cacheKey, sha256, ...download });
    if (!wasCached) stored.push(cacheKey);
    return bytes;
  };
  return {
    read,
    async discard() {
      const keys = stored.splice(0);
      await Promise.all(keys.map((key) => discardCached(key)));
    },
  };
}
