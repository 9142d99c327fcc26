import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { createCacheStorageCache } from './cache-storage-cache.js';

/**
 * The part of the Cache Storage API the cache uses, over Maps, so that the Cache Storage code path
 * runs in Node (which has Request and Response but no `caches`). Bodies are stored as bytes, as a
 * browser stores them.
 */
class MapCacheStorage {
  readonly caches = new Map<string, Map<string, { body: Uint8Array; headers: [string, string][] }>>();
  openError: unknown;

  async open(name: string) {
    if (this.openError !== undefined) throw this.openError;
    let entries = this.caches.get(name);
    if (entries === undefined) {
      entries = new Map();
      this.caches.set(name, entries);
    }
    const store = entries;
    return {
      async match(url: string) {
        const entry = store.get(url);
        return entry === undefined ? undefined : new Response(new Uint8Array(entry.body), { headers: entry.headers });
      },
      async put(url: string, response: Response) {
        if (!/^https?:/.test(url)) throw new TypeError('Cache Storage takes http(s) request URLs only');
        store.set(url, { body: new Uint8Array(await response.arrayBuffer()), headers: [...response.headers] });
      },
      async delete(url: string) {
        return store.delete(url);
      },
    };
  }
}

function asCacheStorage(storage: MapCacheStorage): CacheStorage {
  return storage as unknown as CacheStorage;
}

describe('createCacheStorageCache in Node (no Cache Storage)', () => {
  it('keeps entries in memory and says so in location', async () => {
    expect(globalThis.caches).toBeUndefined();
    const cache = createCacheStorageCache();
    expect(cache.location).toMatch(/^memory \(Cache Storage is not available here: /);
    expect(await cache.has('weights/a')).toBe(false);
    expect(await cache.get('weights/a')).toBeUndefined();
    await cache.put('weights/a', new Uint8Array([1, 2, 3]));
    expect(await cache.has('weights/a')).toBe(true);
    expect(await cache.get('weights/a')).toEqual(new Uint8Array([1, 2, 3]));
    await cache.put('weights/a', new Uint8Array([4]));
    expect(await cache.get('weights/a')).toEqual(new Uint8Array([4]));
    await cache.delete('weights/a');
    expect(await cache.has('weights/a')).toBe(false);
    await cache.delete('never stored');
  });

  it('stores copies, so changing the bytes given or returned does not change the entry', async () => {
    const cache = createCacheStorageCache('copies', { storage: null });
    expect(cache.location).toBe('memory (Cache Storage turned off by the storage option)');
    const bytes = new Uint8Array([1, 2]);
    await cache.put('k', bytes);
    bytes[0] = 99;
    (await cache.get('k'))![1] = 99;
    expect(await cache.get('k')).toEqual(new Uint8Array([1, 2]));
  });

  it('refuses an empty key or name', async () => {
    await expect(createCacheStorageCache().put('', new Uint8Array(1))).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => createCacheStorageCache('')).toThrow(InvalidArgumentError);
  });
});

describe('createCacheStorageCache over a Cache Storage', () => {
  it('stores each key as a synthetic https URL in the named cache', async () => {
    const storage = new MapCacheStorage();
    const cache = createCacheStorageCache('models', { storage: asCacheStorage(storage) });
    expect(cache.location).toBe('Cache Storage "models"');
    expect(storage.caches.size).toBe(0);
    await cache.put('mobilenet_v2/weights h5?#%', new Uint8Array([7, 8, 9]));
    expect([...storage.caches.get('models')!.keys()]).toEqual(['https://dendrite-cache.invalid/v1/mobilenet_v2%2Fweights%20h5%3F%23%25']);
    expect(await cache.get('mobilenet_v2/weights h5?#%')).toEqual(new Uint8Array([7, 8, 9]));
    expect(await cache.has('mobilenet_v2/weights h5?#%')).toBe(true);
    expect(await cache.has('mobilenet_v2/weights')).toBe(false);
    await cache.delete('mobilenet_v2/weights h5?#%');
    expect(await cache.get('mobilenet_v2/weights h5?#%')).toBeUndefined();
  });

  it('treats an entry whose length does not match what was stored as missing, and removes it', async () => {
    const storage = new MapCacheStorage();
    const cache = createCacheStorageCache('models', { storage: asCacheStorage(storage) });
    await cache.put('k', new Uint8Array([1, 2, 3, 4]));
    const entry = storage.caches.get('models')!.get('https://dendrite-cache.invalid/v1/k')!;
    entry.body = entry.body.subarray(0, 2);
    expect(await cache.get('k')).toBeUndefined();
    expect(storage.caches.get('models')!.size).toBe(0);
  });

  it('falls back to memory when the browser refuses storage to the page', async () => {
    const storage = new MapCacheStorage();
    storage.openError = new DOMException('The operation is insecure.', 'SecurityError');
    const cache = createCacheStorageCache('models', { storage: asCacheStorage(storage) });
    await cache.put('k', new Uint8Array([5]));
    expect(await cache.get('k')).toEqual(new Uint8Array([5]));
    expect(cache.location).toBe('memory (the browser refused Cache Storage to this page: The operation is insecure.)');
  });

  it('passes other storage failures on, and tries again on the next call', async () => {
    const storage = new MapCacheStorage();
    storage.openError = new Error('disk on fire');
    const cache = createCacheStorageCache('models', { storage: asCacheStorage(storage) });
    await expect(cache.has('k')).rejects.toThrow('disk on fire');
    storage.openError = undefined;
    expect(await cache.has('k')).toBe(false);
    expect(cache.location).toBe('Cache Storage "models"');
  });
});
