import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadTooLargeError, OfflineError, setPlatform, type Platform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { downloadCached } from '@dendrite/core/internal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStaticFileServer, type StaticFileServer } from './testing/static-file-server.js';
import { createNodePlatform } from './use-node-platform.js';

// Cache faults through the real disk cache and a loopback server: each kind of damage to a cached
// entry, a download over the size limit, and caches that cannot be written. Each test checks the
// answer (the right bytes, or a typed error naming the path) and that the cache is left valid.

const bin = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 13) % 251);
const json = new TextEncoder().encode(JSON.stringify({ weightsManifest: [] }));
const h5 = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 500 }, (_, i) => i % 256)]);

let server: StaticFileServer;
let folder: string;
let printed: string[];

function platformWith(cacheDir: string, offline = false): Platform {
  printed = [];
  const platform = createNodePlatform({ cacheDir, offline, output: { write: (text: string) => printed.push(text) } });
  setPlatform(platform);
  return platform;
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dendrite-cache-faults-'));
  server = await startStaticFileServer({
    root: folder,
    routes: { '/m/w.bin': { body: bin }, '/m/model.json': { body: json }, '/m/w.h5': { body: h5 } },
  });
});
afterEach(async () => {
  clearPlatform();
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

const same = (actual: Uint8Array, expected: Uint8Array): boolean => Buffer.compare(actual, expected) === 0;

/** Downloads `path` once into a fresh cache and returns the cache file's path. */
async function cached(path: string, key: string): Promise<{ platform: Platform; file: string }> {
  const platform = platformWith(join(folder, 'cache'));
  await downloadCached(`${server.url}${path}`, { cacheKey: key });
  const file = platform.cache.pathOf!(key);
  expect(existsSync(file)).toBe(true);
  return { platform, file };
}

/** After a refetch: the answer is right, and the cache holds the right bytes with a matching record. */
async function expectRefetchedAndValid(path: string, key: string, expected: Uint8Array, file: string): Promise<void> {
  server.requests.length = 0;
  expect(same(await downloadCached(`${server.url}${path}`, { cacheKey: key }), expected)).toBe(true);
  expect(server.requests).toEqual([path]);
  expect(same(await readFile(file), expected)).toBe(true);
  server.requests.length = 0;
  expect(same(await downloadCached(`${server.url}${path}`, { cacheKey: key }), expected)).toBe(true);
  expect(server.requests).toEqual([]);
}

describe('a damaged cache entry is discarded and fetched again', () => {
  it('with bytes flipped inside it', async () => {
    const { file } = await cached('/m/w.bin', 'm/w.bin');
    const damaged = await readFile(file);
    for (let i = 1_000; i < 40_000; i++) damaged[i] = damaged[i]! ^ 0x55;
    await writeFile(file, damaged);
    await expectRefetchedAndValid('/m/w.bin', 'm/w.bin', bin, file);
  });

  it('cut short', async () => {
    const { file } = await cached('/m/w.bin', 'm/w.bin');
    await truncate(file, 10_000);
    await expectRefetchedAndValid('/m/w.bin', 'm/w.bin', bin, file);
  });

  it('without its recorded checksum (as after a crash between the two writes)', async () => {
    const { file, platform } = await cached('/m/w.bin', 'm/w.bin');
    await unlink(platform.cache.pathOf!('m/w.bin.sha256'));
    await expectRefetchedAndValid('/m/w.bin', 'm/w.bin', bin, file);
  });

  it('a model.json that no longer parses, though its checksum was recorded for it', async () => {
    const { file, platform } = await cached('/m/model.json', 'm/model.json');
    const broken = new TextEncoder().encode('{"weightsManifest": [');
    await writeFile(file, broken);
    await writeFile(platform.cache.pathOf!('m/model.json.sha256'), await platform.sha256(broken));
    await expectRefetchedAndValid('/m/model.json', 'm/model.json', json, file);
  });

  it('an .h5 without its HDF5 signature, though its checksum was recorded for it', async () => {
    const { file, platform } = await cached('/m/w.h5', 'm/w.h5');
    const page = new TextEncoder().encode('<html>Not found</html>');
    await writeFile(file, page);
    await writeFile(platform.cache.pathOf!('m/w.h5.sha256'), await platform.sha256(page));
    await expectRefetchedAndValid('/m/w.h5', 'm/w.h5', h5, file);
  });

  it('offline, fails with an OfflineError naming the cache file and how to clear the cache, and removes the entry', async () => {
    const { file } = await cached('/m/w.bin', 'm/w.bin');
    await truncate(file, 100);
    platformWith(join(folder, 'cache'), true);
    server.requests.length = 0;
    const error = await downloadCached(`${server.url}/m/w.bin`, { cacheKey: 'm/w.bin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflineError);
    expect((error as OfflineError).cacheEntry).toBe(file);
    expect((error as Error).message).toContain(`at ${file} was unusable (its sha256 is`);
    expect((error as Error).message).toContain('delete its folder');
    expect(existsSync(file)).toBe(false);
    expect(server.requests).toEqual([]);
  });
});

describe('downloads over the size limit', () => {
  it('stop at the limit with a typed error, and nothing is cached', async () => {
    const cacheDir = join(folder, 'cache');
    platformWith(cacheDir);
    const error = await downloadCached(`${server.url}/m/w.bin`, { cacheKey: 'm/w.bin', maxBytes: 20_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadTooLargeError);
    expect((error as DownloadTooLargeError).url).toBe(`${server.url}/m/w.bin`);
    expect(existsSync(cacheDir) ? await readdir(cacheDir) : []).toEqual([]);
  });
});

describe('a cache that cannot be written', () => {
  it('under a file (a file in the way of its folder): one warning, then the work goes on', async () => {
    const blocker = join(folder, 'blocker');
    await writeFile(blocker, 'not a folder');
    platformWith(join(blocker, 'cache'));
    expect(same(await downloadCached(`${server.url}/m/w.bin`, { cacheKey: 'm/w.bin' }), bin)).toBe(true);
    expect(same(await downloadCached(`${server.url}/m/w.h5`, { cacheKey: 'm/w.h5' }), h5)).toBe(true);
    const warnings = printed.filter((line) => line.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`the cache at ${join(blocker, 'cache')} cannot be written`);
  });

  it('that is itself a file: one warning, then the work goes on', async () => {
    const file = join(folder, 'cache-file');
    await writeFile(file, 'not a folder');
    platformWith(file);
    expect(same(await downloadCached(`${server.url}/m/model.json`, { cacheKey: 'm/model.json' }), json)).toBe(true);
    expect(printed.filter((line) => line.startsWith('Warning:'))).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  });
});
