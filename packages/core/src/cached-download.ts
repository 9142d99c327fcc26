import { InvalidArgumentError } from './errors.js';
import { ChecksumMismatchError, OfflineError } from './io-errors.js';
import type { AbortSignalLike, Platform, TransferProgress } from './platform.js';
import { getPlatform } from './platform-registry.js';

/**
 * Options for {@link downloadCached}.
 *
 * @category Platform
 */
export interface DownloadCachedOptions {
  /** The cache entry's name, such as `'weights/<sha256>/model.json'`. */
  readonly cacheKey: string;
  /** The expected sha256 of the bytes, in hex. Checked on download and on every cache hit. */
  readonly sha256?: string;
  /** Never download; use the cache only. The platform's own offline mode also forces this. */
  readonly offline?: boolean;
  /** Called as bytes arrive (not on a cache hit). */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels the download (an `AbortSignal`). */
  readonly signal?: AbortSignalLike;
  /** Give up on the download after this many milliseconds. Default: the platform's (60,000). */
  readonly timeoutMs?: number;
}

/**
 * Reads a URL through the platform's cache: the first call downloads and stores the bytes, later
 * calls return the stored copy without touching the network.
 *
 * When `sha256` is given, downloaded bytes are checked before they are stored, and a cached copy
 * is checked before it is returned; a corrupt copy is removed and downloaded again. Paths and
 * file:// URLs are read directly and never cached (still checked against `sha256`).
 *
 * @param url - an http(s) URL, or a path or file:// URL to read directly
 * @param options - the cache key, the expected checksum, offline mode, progress, cancel, timeout
 * @returns the bytes
 * @throws {@link OfflineError} when offline (`offline` or the platform's mode) and not cached
 * @throws {@link ChecksumMismatchError} when the bytes do not match `sha256` (nothing is cached)
 * @throws {@link NetworkError} or {@link ResourceNotFoundError} from the platform's read
 * @throws {@link InvalidArgumentError} for an empty `cacheKey` or a `sha256` that is not 64 hex digits
 * @category Platform
 * @example
 * ```ts
 * const bytes = await downloadCached('https://example.com/imagenet_class_index.json', {
 *   cacheKey: 'labels/imagenet_class_index.json',
 *   onProgress: ({ loadedBytes, totalBytes }) => console.log(loadedBytes, totalBytes),
 * });
 * ```
 */
export async function downloadCached(url: string, options: DownloadCachedOptions): Promise<Uint8Array> {
  if (typeof options.cacheKey !== 'string' || options.cacheKey === '') {
    throw new InvalidArgumentError('cacheKey', 'it must be a non-empty string', "Pass a key such as 'weights/<sha256>/model.json'.");
  }
  const expected = normalizeChecksum(options.sha256);
  const platform = getPlatform();
  const readOptions = {
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };

  if (!/^https?:\/\//i.test(url)) {
    const bytes = await platform.readBytes(url, readOptions);
    await verify(platform, url, bytes, expected);
    return bytes;
  }

  const offline = options.offline === true || platform.offline;
  const cached = await platform.cache.get(options.cacheKey);
  if (cached !== undefined) {
    if (expected === undefined || (await platform.sha256(cached)) === expected) return cached;
    await platform.cache.delete(options.cacheKey);
  }
  if (offline) throw new OfflineError(url, 'offline');

  const bytes = await platform.readBytes(url, readOptions);
  await verify(platform, url, bytes, expected);
  try {
    await platform.cache.put(options.cacheKey, bytes);
  } catch (error) {
    // The bytes are good; failing to keep a copy only costs a download next time.
    const reason = error instanceof Error ? error.message : String(error);
    platform.print(`Warning: could not cache ${url} in ${platform.cache.location} (${reason}); it will be downloaded again next time.`);
  }
  return bytes;
}

function normalizeChecksum(sha256: string | undefined): string | undefined {
  if (sha256 === undefined) return undefined;
  const lower = sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(lower)) {
    throw new InvalidArgumentError('sha256', `'${sha256}' is not a sha256 digest`, 'Pass 64 hexadecimal digits, or leave it out.');
  }
  return lower;
}

async function verify(platform: Platform, source: string, bytes: Uint8Array, expected: string | undefined): Promise<void> {
  if (expected === undefined) return;
  const actual = await platform.sha256(bytes);
  if (actual !== expected) throw new ChecksumMismatchError(source, expected, actual);
}
