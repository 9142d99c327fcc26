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
function fakePlatform(
  files: Record<string, Uint8Array>,
  settings: { offline?: boolean; failingPut?: boolean; failingGet?: boolean } = {},
): FakePlatform {
  const stored = new Map<string, Uint8Array>();
  const reads: FakePlatform['reads'] = [];
  const printed: string[] = [];
  const cache: ByteCache = {
    location: 'memory',
    get: async (key) => {
      if (settings.failingGet === true) throw new Error('EACCES: permission denied');
      return stored.get(key);
    },
    pathOf: (key) => `/cache/${key}`,
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

  it('records the sha256 of what it caches and serves a copy that still matches it', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(new TextDecoder().decode(platform.stored.get('k.sha256'))).toBe(goodSha);
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(platform.reads).toHaveLength(1);
  });

  it('discards a cached copy that no longer matches its recorded sha256 (no checksum pinned) and downloads again', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    await downloadCached(url, { cacheKey: 'k' });
    const flipped = Uint8Array.from(good);
    flipped[3]! ^= 0xff;
    platform.stored.set('k', flipped);
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(platform.reads).toHaveLength(2);
    expect(platform.stored.get('k')).toEqual(good);
  });

  it('discards a cached copy with no recorded sha256 (cut short before it was recorded)', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    platform.stored.set('k', good.subarray(0, 5));
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(platform.reads).toHaveLength(1);
  });

  it('discards a cached file whose structure is broken (model.json that does not parse, .h5 without its signature)', async () => {
    const badJson = text('{"weights": ');
    const h5Url = 'https://example.com/w.h5';
    const h5 = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const platform = use(fakePlatform({ [url]: good, [h5Url]: h5 }));
    platform.stored.set('m/model.json', badJson);
    platform.stored.set('m/model.json.sha256', text(digest(badJson)));
    expect(await downloadCached(url, { cacheKey: 'm/model.json' })).toEqual(good);
    platform.stored.set('w.h5', text('<html>'));
    platform.stored.set('w.h5.sha256', text(digest(text('<html>'))));
    expect(await downloadCached(h5Url, { cacheKey: 'w.h5' })).toEqual(h5);
    expect(platform.reads).toHaveLength(2);
  });

  it('applies validate to cached entries and does not cache downloads that fail it', async () => {
    const nan = new Uint8Array(new Float32Array([1, Number.NaN]).buffer);
    const noNaN = (bytes: Uint8Array): string | undefined =>
      new Float32Array(bytes.slice().buffer).some((value) => !Number.isFinite(value)) ? 'it holds NaN or Infinity' : undefined;
    const platform = use(fakePlatform({ [url]: nan }));
    expect(await downloadCached(url, { cacheKey: 'f', validate: noNaN })).toEqual(nan);
    expect(platform.stored.has('f')).toBe(false);
    platform.stored.set('f', nan);
    platform.stored.set('f.sha256', text(digest(nan)));
    await expect(downloadCached(url, { cacheKey: 'f', validate: noNaN, offline: true })).rejects.toThrow(
      'The cached copy of https://example.com/model.json at /cache/f was unusable (it holds NaN or Infinity) and was removed',
    );
    expect(platform.stored.has('f')).toBe(false);
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
      platform.stored.set('k.sha256', text(goodSha));
      expect(await downloadCached(url, { cacheKey: 'k', sha256: goodSha, offline: setup.option })).toEqual(good);
      expect(platform.reads).toHaveLength(0);
    }
  });

  it('when offline, removes a corrupt cached copy and refuses to download', async () => {
    const platform = use(fakePlatform({ [url]: good }));
    platform.stored.set('k', text('bit rot'));
    const error = await downloadCached(url, { cacheKey: 'k', sha256: goodSha, offline: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflineError);
    expect((error as OfflineError).cacheEntry).toBe('/cache/k');
    expect((error as Error).message).toContain('To clear the whole cache, delete its folder');
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

  it('still returns the bytes when the cache cannot store them, with one warning for the whole cache', async () => {
    const platform = use(fakePlatform({ [url]: good, [`${url}?2`]: good }, { failingPut: true }));
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(await downloadCached(`${url}?2`, { cacheKey: 'k2' })).toEqual(good);
    expect(platform.printed).toHaveLength(1);
    expect(platform.printed[0]).toMatch(/^Warning: the cache at memory cannot be written \(disk full\); going on without it/);
  });

  it('goes on without a cache that cannot be read', async () => {
    const platform = use(fakePlatform({ [url]: good }, { failingGet: true }));
    expect(await downloadCached(url, { cacheKey: 'k' })).toEqual(good);
    expect(platform.printed[0]).toMatch(/cannot be read \(EACCES: permission denied\)/);
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
