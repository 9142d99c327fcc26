import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadCached } from './cached-download.js';
import { InvalidArgumentError, PlatformNotSetError } from './errors.js';
import { ChecksumMismatchError, NetworkError, OfflineError } from './io-errors.js';
import type { ByteCache, ByteSource, Platform, ReadBytesOptions } from './platform.js';
import { clearPlatform, setPlatform } from './platform-registry.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const url = 'https://example.com/model.json';
const good = text('{"weights": 1}');
const goodSha = digest(good);

interface FakePlatform extends Platform {
  readonly stored: Map<string, Uint8Array>;
  readonly reads: { source: ByteSource; options: ReadBytesOptions | undefined }[];
  readonly printed: string[];
}

/** A platform whose network is a map of URL to bytes and whose cache is a Map. */
function fakePlatform(files: Record<string, Uint8Array>, settings: { offline?: boolean; failingPut?: boolean } = {}): FakePlatform {
  const stored = new Map<string, Uint8Array>();
  const reads: FakePlatform['reads'] = [];
  const printed: string[] = [];
  const cache: ByteCache = {
    location: 'memory',
    get: async (key) => stored.get(key),
    has: async (key) => stored.has(key),
    put: async (key, bytes) => {
      if (settings.failingPut === true) throw new Error('disk full');
      stored.set(key, Uint8Array.from(bytes));
    },
    delete: async (key) => {
      stored.delete(key);
    },
  };
  return {
    name: 'fake',
    offline: settings.offline ?? false,
    stored,
    reads,
    printed,
    cache,
    async readBytes(source, options) {
      reads.push({ source, options });
      const bytes = files[String(source)];
      if (bytes === undefined) throw new NetworkError(String(source), 'HTTP 404 Not Found', { status: 404 });
      options?.onProgress?.({ source: String(source), loadedBytes: bytes.length, totalBytes: bytes.length });
      return bytes;
    },
    sha256: async (bytes) => digest(bytes),
    initBackend: () => Promise.reject(new Error('not used')),
    decodeImage: () => Promise.reject(new Error('not used')),
    progress: () => ({ update: () => undefined, done: () => undefined }),
    print: (line) => printed.push(line),
  };
}

function use(platform: FakePlatform): FakePlatform {
  setPlatform(platform);
  return platform;
}

describe('downloadCached', () => {
  afterEach(() => clearPlatform());

  it('downloads once, verifies, caches, then serves the cache without reading again', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    const events: number[] = [];
    const controller = new AbortController();
    const first = await downloadCached(url, {
      cacheKey: 'weights/a/model.json',
      sha256: goodSha.toUpperCase(),
      onProgress: (event) => events.push(event.loadedBytes),
      signal: controller.signal,
      timeoutMs: 1234,
    });
    expect(first).toEqual(good);
    expect(events).toEqual([good.length]);
    expect(platform.reads).toHaveLength(1);
    expect(platform.reads[0]!.options).toMatchObject({ signal: controller.signal, timeoutMs: 1234 });
    expect(platform.stored.get('weights/a/model.json')).toEqual(good);

    const second = await downloadCached(url, { cacheKey: 'weights/a/model.json', sha256: goodSha });
    expect(second).toEqual(good);
    expect(platform.reads).toHaveLength(1);
  });

  it('caches without a checksum and trusts the cached copy', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    platform.stored.set('k', text('anything'));
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(text('anything'));
    expect(platform.reads).toHaveLength(0);
  });

  it('throws ChecksumMismatchError for wrong bytes and caches nothing', async () => {
    const platform = use(fakePlatform({ [url]: text('tampered') }));
    const attempt = downloadCached(url, { cacheKey: 'k', sha256: goodSha });
    await expect(attempt).rejects.toBeInstanceOf(ChecksumMismatchError);
    await expect(attempt).rejects.toMatchObject({ source: url, expected: goodSha, actual: digest(text('tampered')) });
    expect(platform.stored.size).toBe(0);
  });

  it('replaces a corrupt cached copy with a fresh download', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    platform.stored.set('k', text('bit rot'));
    expect(await downloadCached(url, { cacheKey: 'k', sha256: goodSha })).toEqual(good);
    expect(platform.reads).toHaveLength(1);
    expect(platform.stored.get('k')).toEqual(good);
  });

  it('when offline, serves the cache but refuses to download, naming the option', async () => {
    for (const setup of [{ option: true, platform: false }, { option: false, platform: true }]) {
      const platform = use(fakePlatform({ [url]: good }, { offline: setup.platform }));
      const missing = downloadCached(url, { cacheKey: 'k', offline: setup.option });
      await expect(missing).rejects.toBeInstanceOf(OfflineError);
      await expect(missing).rejects.toThrow('(option `offline`)');
      expect(platform.reads).toHaveLength(0);

      platform.stored.set('k', good);
      expect(await downloadCached(url, { cacheKey: 'k', sha256: goodSha, offline: setup.option })).toEqual(good);
      expect(platform.reads).toHaveLength(0);
    }
  });

  it('when offline, removes a corrupt cached copy and refuses to download', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    platform.stored.set('k', text('bit rot'));
    await expect(downloadCached(url, { cacheKey: 'k', sha256: goodSha, offline: true })).rejects.toBeInstanceOf(OfflineError);
    expect(platform.stored.has('k')).toBe(false);
    expect(platform.reads).toHaveLength(0);
  });

  it('reads paths and file:// URLs directly, checked but never cached, even offline', async () => {
    const platform = use(fakePlatform({ 'models/model.json': good, 'file:///m/model.json': good }, { offline: true }));
    expect(await downloadCached('models/model.json', { cacheKey: 'k', sha256: goodSha })).toEqual(good);
    expect(await downloadCached('file:///m/model.json', { cacheKey: 'k' })).toEqual(good);
    expect(platform.reads.map((read) => read.source)).toEqual(['models/model.json', 'file:///m/model.json']);
    expect(platform.stored.size).toBe(0);
    await expect(downloadCached('models/model.json', { cacheKey: 'k', sha256: digest(text('other')) })).rejects.toBeInstanceOf(
      ChecksumMismatchError,
    );
  });

  it('passes download errors through and caches nothing', async () => {
    const platform = use(fakePlatform({}));
    await expect(downloadCached(url, { cacheKey: 'k' })).rejects.toMatchObject({ status: 404 });
    expect(platform.stored.size).toBe(0);
  });

  it('still returns the bytes when the cache cannot store them, with a warning', async () => {
    const platform = use(fakePlatform({ [url]: good }, { failingPut: true }));
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(platform.printed).toEqual([
      `Warning: could not cache ${url} in memory (disk full); it will be downloaded again next time.`,
    ]);
  });

  it('rejects an empty cache key and a malformed checksum before any read', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    await expect(downloadCached(url, { cacheKey: '' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(downloadCached(url, { cacheKey: 'k', sha256: 'abc' })).rejects.toThrow("Invalid sha256: 'abc' is not a sha256 digest");
    expect(platform.reads).toHaveLength(0);
  });

  it('needs a platform', async () => {
    await expect(downloadCached(url, { cacheKey: 'k' })).rejects.toBeInstanceOf(PlatformNotSetError);
  });
});
