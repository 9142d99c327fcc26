import { afterAll, describe, expect, it } from 'vitest';
import { createCacheStorageCache } from './cache-storage-cache.js';

// Runs in a real browser (Chromium) on a secure page (https or localhost), where Cache Storage exists.

const name = `dendrite-test-${Math.random().toString(36).slice(2)}`;

describe.skipIf(!globalThis.isSecureContext)(`createCacheStorageCache over the browser Cache Storage${globalThis.isSecureContext ? '' : ' (skipped: not a secure context, so no Cache Storage)'}`, () => {
  afterAll(() => caches.delete(name));

  it('stores, finds, replaces and deletes entries', async () => {
    const cache = createCacheStorageCache(name);
    expect(cache.location).toBe(`Cache Storage "${name}"`);
    expect(await cache.has('weights/a b?')).toBe(false);
    await cache.put('weights/a b?', new Uint8Array([1, 2, 3]));
    expect(await cache.has('weights/a b?')).toBe(true);
    expect(await cache.get('weights/a b?')).toEqual(new Uint8Array([1, 2, 3]));
    await cache.put('weights/a b?', new Uint8Array([9]));
    expect(await cache.get('weights/a b?')).toEqual(new Uint8Array([9]));
    await cache.delete('weights/a b?');
    expect(await cache.get('weights/a b?')).toBeUndefined();
  });

  it('keeps entries for a later cache object of the same name (as after a reload)', async () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
    await createCacheStorageCache(name).put('big', bytes);
    const again = await createCacheStorageCache(name).get('big');
    expect(again?.length).toBe(bytes.length);
    expect(again?.every((byte, index) => byte === bytes[index])).toBe(true);
    const stored = await (await caches.open(name)).keys();
    expect(stored.map((request) => request.url)).toContain('https://dendrite-cache.invalid/v1/big');
  });
});
