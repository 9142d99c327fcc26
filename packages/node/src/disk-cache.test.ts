import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@dendrite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiskCache, defaultCacheFolder } from './disk-cache.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

describe('createDiskCache', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-cache-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('stores, finds, replaces and deletes entries', async () => {
    const cache = createDiskCache(join(folder, 'not-yet-created'));
    const key = 'weights/0123abcd/model.json';
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.has(key)).toBe(false);

    await cache.put(key, bytes(1, 2, 3));
    expect(await cache.has(key)).toBe(true);
    const stored = await cache.get(key);
    expect(stored).toEqual(bytes(1, 2, 3));
    expect(Object.getPrototypeOf(stored)).toBe(Uint8Array.prototype);

    await cache.put(key, bytes(9));
    expect(await cache.get(key)).toEqual(bytes(9));

    await cache.delete(key);
    expect(await cache.has(key)).toBe(false);
    await cache.delete(key);
  });

  it('reports its absolute folder as location', () => {
    expect(createDiskCache(folder).location).toBe(folder);
  });

  it('keeps every key inside its folder as one flat file, named by hash plus the readable last part', async () => {
    const inner = join(folder, 'cache');
    const cache = createDiskCache(inner);
    const keys = ['../../escape.bin', '/etc/passwd', 'a', 'a/b', 'A', 'weights/x/model.json', '..', 'spaces and ünïcode/é'];
    for (const [index, key] of keys.entries()) await cache.put(key, bytes(index));
    for (const [index, key] of keys.entries()) expect(await cache.get(key)).toEqual(bytes(index));

    expect(await readdir(folder)).toEqual(['cache']);
    const names = await readdir(inner);
    expect(names).toHaveLength(keys.length);
    expect(names.every((name) => /^[0-9a-f]{64}(-[A-Za-z0-9_-][A-Za-z0-9._-]*)?$/.test(name))).toBe(true);
    expect(names.some((name) => name.endsWith('-model.json'))).toBe(true);
  });

  it('rejects an empty key', async () => {
    await expect(createDiskCache(folder).put('', bytes(1))).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('leaves no temporary file after writing, even when the rename fails', async () => {
    const cache = createDiskCache(folder);
    await cache.put('k', bytes(1));
    const [name] = await readdir(folder);
    expect(name).toBeDefined();

    await cache.delete('k');
    await mkdir(join(folder, name!));
    await expect(cache.put('k', bytes(2))).rejects.toThrow();
    expect(await readdir(folder)).toEqual([name]);
  });

  it('ends with one whole entry when the same key is written concurrently', async () => {
    const cache = createDiskCache(folder);
    const first = new Uint8Array(200_000).fill(1);
    const second = new Uint8Array(200_000).fill(2);
    await Promise.all([cache.put('k', first), cache.put('k', second), cache.put('k', first)]);
    const stored = await cache.get('k');
    expect(stored?.length).toBe(200_000);
    expect(new Set(stored).size).toBe(1);
    expect(await readdir(folder)).toHaveLength(1);
  });
});

describe('defaultCacheFolder', () => {
  const saved = process.env['DENDRITE_CACHE_DIR'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DENDRITE_CACHE_DIR'];
    else process.env['DENDRITE_CACHE_DIR'] = saved;
  });

  it('is ~/.cache/dendrite without DENDRITE_CACHE_DIR', () => {
    delete process.env['DENDRITE_CACHE_DIR'];
    expect(defaultCacheFolder()).toBe(join(homedir(), '.cache', 'dendrite'));
    expect(createDiskCache().location).toBe(join(homedir(), '.cache', 'dendrite'));
  });

  it('follows DENDRITE_CACHE_DIR when set', () => {
    process.env['DENDRITE_CACHE_DIR'] = join(tmpdir(), 'elsewhere');
    expect(createDiskCache().location).toBe(join(tmpdir(), 'elsewhere'));
  });
});
