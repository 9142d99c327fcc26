import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChecksumMismatchError, InvalidDataError, NetworkError, OfflineError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import type { TransferProgress } from '@dendrite/core';
import { createNodePlatform } from '@dendrite/node';
import { startStaticFileServer } from '@dendrite/node/testing';
import type { StaticFileServer } from '@dendrite/node/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeightsFileError } from '../errors.js';
import { KerasH5FormatError } from '@dendrite/keras';
import { forgetImageNetClassIndexes, loadImageNetClassIndex } from '../imagenet-class-index.js';
import { MobileNetV2 } from '../mobilenet-v2.js';
import { loadPublishedWeights } from './load-weights.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const models = resolve(repoRoot, '../shared/models');
const folder = '/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8';
const files = [`${folder}/model.json`, `${folder}/group1-shard1of2.bin`, `${folder}/group1-shard2of2.bin`];
const labels = '/imagenet-labels/imagenet_class_index.json';
const kerasH5 = '/teachable-machine-keras-h5/keras_model.h5';
// From ../shared/models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/PROVENANCE.md.
const modelJsonSha256 = '8c0422d6d8bb321204f8357e1528b240a02479787fd98f0589aa8f42c608fa87';

/** The cache's files, temporary ones included (none may be left behind). */
async function cacheFiles(cacheDir: string): Promise<string[]> {
  // Each entry has a file beside it with its recorded sha256.
  return existsSync(cacheDir) ? (await readdir(cacheDir)).filter((name) => !name.endsWith('.sha256')) : [];
}

describe.skipIf(!existsSync(models))(`MobileNetV2 weights and class names over HTTP, through the disk cache${!existsSync(models) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  let server: StaticFileServer;
  let cacheDir: string;
  const url = (path: string): string => `${server.url}${path}`;
  const usePlatform = (offline = false): void => setPlatform(createNodePlatform({ cacheDir, offline }));

  beforeAll(async () => {
    server = await startStaticFileServer({ root: models });
    await createNodePlatform().initBackend();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    cacheDir = join(await mkdtemp(join(tmpdir(), 'dendrite-download-')), 'cache');
    server.requests.length = 0;
    forgetImageNetClassIndexes();
    usePlatform();
  });
  afterEach(async () => {
    for (const path of [...files, labels, kerasH5]) server.setRoute(path, undefined);
    clearPlatform();
    await rm(resolve(cacheDir, '..'), { recursive: true, force: true });
  });

  it('downloads model.json and both shards with progress, then loads them from the cache with no request', async () => {
    const events: TransferProgress[] = [];
    const before = tf.memory().numTensors;
    const first = await MobileNetV2({ weights: url(`${folder}/model.json`), onProgress: (event) => events.push(event) });
    expect(server.requests).toEqual(files);
    for (const path of files) {
      const size = (await stat(join(models, path))).size;
      const own = events.filter((event) => event.source === url(path));
      expect(own.at(-1), path).toEqual({ source: url(path), loadedBytes: size, totalBytes: size });
      expect(own.every((event, i) => i === 0 || event.loadedBytes >= (own[i - 1]?.loadedBytes ?? 0))).toBe(true);
    }
    // The 2 MB shard arrives in many chunks, each reported.
    expect(events.filter((event) => event.source === url(files[1] as string)).length).toBeGreaterThan(1);
    expect(await cacheFiles(cacheDir)).toHaveLength(3);

    server.requests.length = 0;
    const second = await MobileNetV2({ weights: new URL(url(`${folder}/model.json`)) });
    usePlatform(true);
    const offline = await MobileNetV2({ weights: url(`${folder}/model.json`) });
    expect(server.requests).toEqual([]);
    const input = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 5);
    const outputs = [first, second, offline].map((model: LayersModel) => model.predict(input) as tf.Tensor);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(outputs[0]!, outputs[1]!))).dataSync()[0])).toBe(0);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(outputs[0]!, outputs[2]!))).dataSync()[0])).toBe(0);
    tf.dispose([input, ...outputs]);
    for (const model of [first, second, offline]) model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('downloads the class index with progress, then reads it from the cache with no request', async () => {
    const events: TransferProgress[] = [];
    const classes = await loadImageNetClassIndex(url(labels), { onProgress: (event) => events.push(event) });
    expect(classes[155]).toEqual({ classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu' });
    expect(events.at(-1)).toEqual({ source: url(labels), loadedBytes: 35_363, totalBytes: 35_363 });
    expect(server.requests).toEqual([labels]);

    forgetImageNetClassIndexes();
    usePlatform(true);
    expect(await loadImageNetClassIndex(url(labels))).toEqual(classes);
    expect(server.requests).toEqual([labels]);
  });

  it('refuses a corrupt model.json and a corrupt .h5, caching nothing', async () => {
    server.setRoute(`${folder}/model.json`, { corrupt: true });
    const json = await MobileNetV2({ weights: url(`${folder}/model.json`) }).catch((error: unknown) => error);
    expect(json).toBeInstanceOf(WeightsFileError);
    expect((json as Error).message).toMatch(/model\.json: it is not valid JSON/);

    server.setRoute(kerasH5, { corrupt: true });
    const h5 = await MobileNetV2({ alpha: 0.35, includeTop: false, weights: url(kerasH5) }).catch((error: unknown) => error);
    expect(h5).toBeInstanceOf(KerasH5FormatError);
    expect((h5 as Error).message).toContain('keras_model.h5');

    server.setRoute(labels, { corrupt: true });
    await expect(loadImageNetClassIndex(url(labels))).rejects.toThrow(InvalidDataError);
    expect(await cacheFiles(cacheDir)).toEqual([]);
  });

  it('refuses a corrupt body when its sha256 is known, caching nothing', async () => {
    server.setRoute(`${folder}/model.json`, { corrupt: true });
    const model = await MobileNetV2({ weights: null });
    const published = { url: url(`${folder}/model.json`), format: 'tfjs-layers' as const, sha256: modelJsonSha256 };
    const error = await loadPublishedWeights(model, published, 'test').catch((e: unknown) => e);
    model.dispose();
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(error).toMatchObject({ source: published.url, expected: modelJsonSha256 });
    expect(await cacheFiles(cacheDir)).toEqual([]);
  });

  it('fails on a truncated shard, keeping neither it nor the files before it', async () => {
    server.setRoute(files[2] as string, { truncateAfterBytes: 100_000 });
    const error = await MobileNetV2({ weights: url(`${folder}/model.json`) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(
      /group1-shard2of2\.bin failed: the body was truncated: 1649504 bytes were announced but the connection ended after 100000 .*\(4 attempts\)/,
    );
    // The cut-short shard is tried again three times (this server serves no ranges), then given up.
    expect(server.requests).toEqual([...files, files[2], files[2], files[2]]);
    expect(await cacheFiles(cacheDir)).toEqual([]);
  });

  it('refuses bytes whose sha256 differs from the one expected, caching nothing', async () => {
    const model = await MobileNetV2({ weights: null });
    const published = { url: url(`${folder}/model.json`), format: 'tfjs-layers' as const, sha256: 'ab'.repeat(32) };
    const error = await loadPublishedWeights(model, published, 'test').catch((e: unknown) => e);
    model.dispose();
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toContain(`have sha256 ${modelJsonSha256} but ${'ab'.repeat(32)} was expected; nothing was cached`);
    expect(await cacheFiles(cacheDir)).toEqual([]);
  });

  it('in offline mode with an empty cache, fails naming the option and makes no request', async () => {
    usePlatform(true);
    const weights = await MobileNetV2({ weights: url(`${folder}/model.json`) }).catch((e: unknown) => e);
    expect(weights).toBeInstanceOf(OfflineError);
    expect((weights as Error).message).toMatch(/model\.json is not in the cache and offline mode is on \(option `offline`\).*Turn `offline` off/);
    await expect(loadImageNetClassIndex(url(labels))).rejects.toThrow(/option `offline`/);
    expect(server.requests).toEqual([]);
    expect(await cacheFiles(cacheDir)).toEqual([]);
  });
});
