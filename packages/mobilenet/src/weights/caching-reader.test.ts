import { createHash } from 'node:crypto';
import { ChecksumMismatchError, OfflineError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFilePlatform, memoryFiles } from '../testing/file-platform.js';
import { cachingReader } from './caching-reader.js';

const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const files = { 'local/model.json': '{}', 'https://host/a/model.json': '{"a":1}', 'https://host/a/shard.bin': 'bytes' };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

afterEach(() => {
  clearPlatform();
});

describe('cachingReader', () => {
  it('reads paths directly and never caches them', async () => {
    const platform = createFilePlatform({ readFile: memoryFiles(files) });
    setPlatform(platform);
    const { read } = cachingReader({ cacheKey: (url) => `k/${url}` });
    expect(text(await read('local/model.json', {}))).toBe('{}');
    expect(text(await read('local/model.json', {}))).toBe('{}');
    expect(platform.reads).toEqual(['local/model.json', 'local/model.json']);
    expect(platform.stored.size).toBe(0);
  });

  it('downloads each URL once under its key, then reads the cache', async () => {
    const platform = createFilePlatform({ readFile: memoryFiles(files) });
    setPlatform(platform);
    for (let i = 0; i < 2; i++) {
      const { read } = cachingReader({ cacheKey: (url) => `k/${url}` });
      expect(text(await read('https://host/a/model.json', {}))).toBe('{"a":1}');
    }
    expect(platform.reads).toEqual(['https://host/a/model.json']);
    expect([...platform.stored.keys()]).toEqual(['k/https://host/a/model.json']);
  });

  it('discards only the entries it stored itself', async () => {
    const platform = createFilePlatform({ readFile: memoryFiles(files) });
    setPlatform(platform);
    await cachingReader({ cacheKey: (url) => url }).read('https://host/a/model.json', {});
    const reader = cachingReader({ cacheKey: (url) => url });
    await reader.read('https://host/a/model.json', {});
    await reader.read('https://host/a/shard.bin', {});
    expect(platform.stored.size).toBe(2);
    await reader.discard();
    expect([...platform.stored.keys()]).toEqual(['https://host/a/model.json']);
  });

  it('checks a known sha256 for paths and URLs, storing nothing that fails', async () => {
    const platform = createFilePlatform({ readFile: memoryFiles(files), sha256 });
    setPlatform(platform);
    const { read } = cachingReader({ cacheKey: (url) => url, sha256: () => '0'.repeat(64) });
    await expect(read('local/model.json', {})).rejects.toThrow(ChecksumMismatchError);
    await expect(read('https://host/a/model.json', {})).rejects.toThrow(ChecksumMismatchError);
    expect(platform.stored.size).toBe(0);
  });

  it('serves the cache in offline mode and refuses what is not cached', async () => {
    const online = createFilePlatform({ readFile: memoryFiles(files) });
    setPlatform(online);
    await cachingReader({ cacheKey: (url) => url }).read('https://host/a/model.json', {});
    const offline = { ...createFilePlatform({ readFile: memoryFiles(files), offline: true }), cache: online.cache };
    setPlatform(offline);
    const { read } = cachingReader({ cacheKey: (url) => url });
    expect(text(await read('https://host/a/model.json', {}))).toBe('{"a":1}');
    await expect(read('https://host/a/shard.bin', {})).rejects.toThrow(OfflineError);
  });
});
