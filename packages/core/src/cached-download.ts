import { structuralProblem } from './cache-entry-check.js';
import { InvalidArgumentError } from './errors.js';
import { host } from './host-globals.js';
import { ChecksumMismatchError, OfflineError } from './io-errors.js';
import type { AbortSignalLike, ByteCache, Platform, TransferProgress } from './platform.js';
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
  /**
   * A check of the content beyond its checksum, such as "no NaN in these features": returns what is
   * wrong, or undefined. A cached entry that fails it is discarded and downloaded again; downloaded
   * bytes that fail it are returned but not cached.
   */
  readonly validate?: (bytes: Uint8Array) => string | undefined;
  /** Never download; use the cache only. The platform's own offline mode also forces this. */
  readonly offline?: boolean;
  /** Called as bytes arrive (not on a cache hit). */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels the download (an `AbortSignal`). */
  readonly signal?: AbortSignalLike;
  /** Give up when no byte has arrived for this many milliseconds. Default: the platform's (60,000). */
  readonly timeoutMs?: number;
  /** The most bytes accepted. Default: the platform's (2 GiB). */
  readonly maxBytes?: number;
}

/**
 * Reads a URL through the platform's cache: the first call downloads and stores the bytes, later
 * calls return the stored copy without touching the network.
 *
 * Every entry is verified when read: its sha256, recorded when it was written, must match (and
 * `sha256`, when given), and its structure must hold where the format has a check (a `.json` parses,
 * an `.h5` has the HDF5 signature, a `.keras` is a zip), as must `validate`. A bad entry is removed
 * and downloaded again. A cache that cannot be read or written never stops the work: one warning,
 * then the download goes on without it. Paths and file:// URLs are read directly and never cached
 * (still checked against `sha256`).
 *
 * @param url - an http(s) URL, or a path or file:// URL to read directly
 * @param options - the cache key, the expected checksum, a content check, offline mode, progress,
 *   cancel, stall timeout, size limit
 * @returns the bytes
 * @throws {@link OfflineError} when offline (`offline` or the platform's mode) and not cached, or the
 *   cached copy was bad (naming the cache file)
 * @throws {@link ChecksumMismatchError} when downloaded bytes do not match `sha256` (nothing is cached)
 * @throws {@link NetworkError}, {@link DownloadTooLargeError} or {@link ResourceNotFoundError} from
 *   the platform's read
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
    onProgress: options.onProgress,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
  };

  if (!/^https?:\/\//i.test(url)) {
    const bytes = await platform.readBytes(url, readOptions);
    await verify(platform, url, bytes, expected);
    return bytes;
  }

  const key = options.cacheKey;
  const cache = verifiedCache(platform);
  const entry = await cache.read(key, { sha256: expected, validate: options.validate });
  if (entry.bytes !== undefined) return entry.bytes;
  const discarded = entry.problem === undefined ? undefined : { cacheEntry: cache.pathOf(key), problem: entry.problem };
  if (options.offline === true || platform.offline) throw new OfflineError(url, 'offline', discarded);

  const bytes = await platform.readBytes(url, readOptions);
  await verify(platform, url, bytes, expected);
  if (structuralProblem(key, bytes) === undefined && options.validate?.(bytes) === undefined) await cache.write(key, bytes);
  return bytes;
}

/**
 * Removes the entry `downloadCached` stored under `key`, with its recorded checksum. Failures are
 * ignored: a cache entry that cannot be removed is refused on its next read anyway, if bad.
 *
 * @param key - the cache key given to `downloadCached`
 * @internal
 * @example
 * ```ts
 * await discardCached('weights/abc/model.json');
 * ```
 */
export async function discardCached(key: string): Promise<void> {
  const cache = getPlatform().cache;
  await Promise.all([key, digestKey(key)].map((entry) => cache.delete(entry).catch(() => undefined)));
}

/** The cache key holding the sha256 recorded when `key` was written. */
const digestKey = (key: string): string => `${key}.sha256`;

/**
 * What a read from a {@link VerifiedCache} found: the entry's bytes, or why a stored entry was
 * discarded, or neither (nothing stored, or the cache could not be read).
 *
 * @internal
 */
export interface VerifiedRead {
  readonly bytes?: Uint8Array;
  readonly problem?: string;
}

/**
 * A cache whose entries are checked when read and recorded when written, and which never throws.
 *
 * @internal
 */
export interface VerifiedCache {
  /**
   * The entry under `key` if it passes every check (its recorded sha256, `sha256` when given, its
   * structure by extension, `validate`); a failing entry is removed and the problem returned.
   */
  read(key: string, checks?: { sha256?: string | undefined; validate?: ((bytes: Uint8Array) => string | undefined) | undefined }): Promise<VerifiedRead>;
  /** Stores the bytes, then their sha256; returns false (after one warning per cache) when it cannot. */
  write(key: string, bytes: Uint8Array): Promise<boolean>;
  /** Where the entry lives, for messages. */
  pathOf(key: string): string;
}

// One warning per cache: a cache that cannot be used is only slower, and saying so on every file
// would bury the output.
const warned = new WeakSet<ByteCache>();

/**
 * The platform's cache (or `cache`), verified: every entry has its sha256 recorded beside it when
 * written and checked when read, and every failure of the store becomes one warning and a miss, so an
 * unwritable or unreadable cache never stops the work. For downloads and for caches of computed
 * values (features) alike.
 *
 * @param platform - the platform, for sha256 and the warning
 * @param cache - the store; default the platform's
 * @returns the verified cache
 * @internal
 * @example
 * ```ts
 * const cache = verifiedCache(getPlatform());
 * const { bytes } = await cache.read('features/abc', { validate: noNaN });
 * ```
 */
export function verifiedCache(platform: Platform, cache: ByteCache = platform.cache): VerifiedCache {
  const warn = (action: string, key: string, error: unknown): void => {
    if (warned.has(cache)) return;
    warned.add(cache);
    const reason = error instanceof Error ? error.message : String(error);
    platform.print(
      `Warning: the cache at ${cache.location} cannot be ${action} (${reason}); going on without it, so what it would keep ` +
        `is downloaded or computed again next time. Point the cache at a writable folder to keep it (first entry: ${key}).`,
    );
  };
  const attempt = async <T>(action: string, key: string, work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      warn(action, key, error);
      return fallback;
    }
  };
  const get = (key: string): Promise<Uint8Array | undefined> => attempt('read', key, () => cache.get(key), undefined);
  const remove = (key: string): Promise<void> => attempt('cleaned', key, () => cache.delete(key), undefined);
  return {
    async read(key, checks = {}) {
      const bytes = await get(key);
      if (bytes === undefined) return {};
      const recorded = await get(digestKey(key));
      const actual = await platform.sha256(bytes);
      const recordedText = recorded === undefined ? undefined : new host.TextDecoder('utf-8').decode(recorded).trim();
      const problem =
        recordedText === undefined
          ? 'no checksum was recorded for it, so it may be cut short'
          : recordedText !== actual
            ? `its sha256 is ${actual} but ${recordedText} was recorded when it was written`
            : checks.sha256 !== undefined && actual !== checks.sha256
              ? `its sha256 is ${actual} but ${checks.sha256} is expected`
              : (structuralProblem(key, bytes) ?? checks.validate?.(bytes));
      if (problem === undefined) return { bytes };
      await remove(key);
      await remove(digestKey(key));
      return { problem };
    },
    async write(key, bytes) {
      // The digest is written after the bytes, so an entry cut short by a crash has no digest and is refused.
      const stored = await attempt('written', key, () => cache.put(key, bytes).then(() => true), false);
      if (!stored) return false;
      return attempt('written', key, async () => cache.put(digestKey(key), encode(await platform.sha256(bytes))).then(() => true), false);
    },
    pathOf: (key) => cache.pathOf?.(key) ?? `${cache.location} (entry ${key})`,
  };
}

const encode = (text: string): Uint8Array => new host.TextEncoder().encode(text);

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
