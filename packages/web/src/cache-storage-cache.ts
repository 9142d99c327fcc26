import { InvalidArgumentError, type ByteCache } from '@dendrite/core';

/**
 * Keys become URLs on a host under the reserved `.invalid` top-level domain (RFC 2606): Cache
 * Storage only accepts http(s) request URLs, and these can never name a real resource of the page's
 * origin, so no fetch, service worker or other cache user can collide with them.
 */
const keyUrlPrefix = 'https://dendrite-cache.invalid/v1/';

/** Stored with each entry, so that an entry cut short by a broken storage backend is not returned. */
const lengthHeader = 'x-dendrite-byte-length';

/**
 * Options for {@link createCacheStorageCache}.
 *
 * @category Platform
 * @example
 * ```ts
 * const options: CacheStorageCacheOptions = { storage: self.caches };
 * ```
 */
export interface CacheStorageCacheOptions {
  /**
   * The Cache Storage to use. Default `globalThis.caches`; pass `null` to keep entries in memory
   * for the page's lifetime.
   */
  readonly storage?: CacheStorage | null;
}

/**
 * A {@link @dendrite/core!ByteCache} over the browser's Cache Storage API, in the cache called
 * `name`: downloaded weights survive page reloads and work offline.
 *
 * Each key is stored as the response to a synthetic request URL,
 * `https://dendrite-cache.invalid/v1/<key, URL-encoded>`, so keys may hold any characters and can
 * never collide with the page's own requests. An entry is written with one `Cache.put` of a complete `Response`, which the
 * browser commits whole or not at all. Where Cache Storage is missing (an insecure context: a page
 * served over plain http from a host other than localhost, or a browser's private mode), entries are
 * kept in memory until the page closes, and `location` says so.
 *
 * @param name - the Cache Storage cache to use (default `'dendrite'`)
 * @param options - the Cache Storage to use instead of `globalThis.caches`
 * @returns the cache
 * @throws {@link @dendrite/core!InvalidArgumentError} when `name` is empty
 * @category Platform
 * @example
 * ```ts
 * const cache = createCacheStorageCache('my-app-models');
 * console.log(cache.location); // 'Cache Storage "my-app-models"'
 * if (!(await cache.has('labels.json'))) await cache.put('labels.json', bytes);
 * ```
 */
export function createCacheStorageCache(name = 'dendrite', options: CacheStorageCacheOptions = {}): ByteCache {
  if (name === '') throw new InvalidArgumentError('name', 'is empty', "Pass a cache name such as 'dendrite'.");
  if (options.storage === null) return createMemoryCache('memory (Cache Storage turned off by the storage option)');
  const storage = options.storage ?? defaultStorage();
  if (storage === null) return createMemoryCache(`memory (Cache Storage is not available here: ${whyNoCacheStorage()})`);
  return createStorageBackedCache(name, storage);
}

function defaultStorage(): CacheStorage | null {
  const scope = globalThis as { caches?: CacheStorage };
  return scope.caches ?? null;
}

function whyNoCacheStorage(): string {
  const scope = globalThis as { isSecureContext?: boolean; document?: unknown };
  if (scope.isSecureContext === false) {
    return 'the page is not a secure context; serve it over https or from localhost to keep downloads between visits';
  }
  if (scope.document === undefined) return 'this JavaScript environment has no Cache Storage API';
  return 'the browser does not offer it (private browsing may disable it)';
}

function checkKey(key: string): void {
  if (key === '') throw new InvalidArgumentError('key', 'is empty', 'Pass a non-empty cache key.');
}

function keyUrl(key: string): string {
  checkKey(key);
  return keyUrlPrefix + encodeURIComponent(key);
}

/** Whether `error` is the browser refusing storage to this page (an opaque origin, a policy). */
function isSecurityError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'SecurityError';
}

function createStorageBackedCache(name: string, storage: CacheStorage): ByteCache {
  let location = `Cache Storage "${name}"`;
  let fallback: ByteCache | undefined;
  let opened: Promise<Cache | undefined> | undefined;
  // Opened on first use, so that creating a platform does not touch storage. A page the browser
  // denies storage to (a sandboxed iframe, a data: URL) gets the memory cache instead of errors.
  const open = (): Promise<Cache | undefined> => {
    opened ??= storage.open(name).then(
      (cache) => cache,
      (error: unknown) => {
        if (!isSecurityError(error)) {
          opened = undefined;
          throw error;
        }
        fallback = createMemoryCache(`memory (the browser refused Cache Storage to this page: ${(error as Error).message})`);
        location = fallback.location;
        return undefined;
      },
    );
    return opened;
  };

  return {
    get location(): string {
      return location;
    },
    async get(key: string): Promise<Uint8Array | undefined> {
      const url = keyUrl(key);
      const cache = await open();
      if (cache === undefined) return fallback!.get(key);
      const response = await cache.match(url);
      if (response === undefined) return undefined;
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (Number(response.headers.get(lengthHeader)) !== bytes.length) {
        await cache.delete(url);
        return undefined;
      }
      return bytes;
    },
    async put(key: string, bytes: Uint8Array): Promise<void> {
      const url = keyUrl(key);
      // A copy: the caller may reuse its buffer while the browser is still storing this one.
      const body = new Uint8Array(bytes);
      const cache = await open();
      if (cache === undefined) return fallback!.put(key, body);
      const response = new Response(body, {
        headers: { 'content-type': 'application/octet-stream', [lengthHeader]: String(body.length) },
      });
      await cache.put(url, response);
    },
    async has(key: string): Promise<boolean> {
      const url = keyUrl(key);
      const cache = await open();
      if (cache === undefined) return fallback!.has(key);
      return (await cache.match(url)) !== undefined;
    },
    async delete(key: string): Promise<void> {
      const url = keyUrl(key);
      const cache = await open();
      if (cache === undefined) return fallback!.delete(key);
      await cache.delete(url);
    },
    pathOf(key: string): string {
      return `${location}, entry ${keyUrl(key)} (clear it in the browser's site data)`;
    },
  };
}

/**
 * A {@link @dendrite/core!ByteCache} that keeps entries in a Map for the page's lifetime. It copies
 * bytes in and out, so callers cannot change what is stored.
 *
 * @internal
 * @param location - how `location` describes it
 * @returns the cache
 * @category Platform
 * @example
 * ```ts
 * const cache = createMemoryCache('memory (for tests)');
 * ```
 */
export function createMemoryCache(location: string): ByteCache {
  const entries = new Map<string, Uint8Array>();
  return {
    location,
    get: async (key: string) => {
      checkKey(key);
      const bytes = entries.get(key);
      return bytes === undefined ? undefined : new Uint8Array(bytes);
    },
    put: async (key: string, bytes: Uint8Array) => {
      checkKey(key);
      entries.set(key, new Uint8Array(bytes));
    },
    has: async (key: string) => {
      checkKey(key);
      return entries.has(key);
    },
    delete: async (key: string) => {
      checkKey(key);
      entries.delete(key);
    },
  };
}
