import '@tensorflow/tfjs-backend-cpu';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { type DatasetWarning, imageDatasetFromDirectory } from '@dendrite/data';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { preprocessInput } from '../preprocess-input.js';
import { encodeBmp24 } from '../testing/bmp.js';
import { extractFeatures } from './extract-features.js';
import { transferModel } from './transfer-model.js';

let before = 0;
let folder: string;
let output: string[];
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
  folder = mkdtempSync(join(tmpdir(), 'dendrite-features-'));
  output = [];
  setPlatform(createNodePlatform({ cacheDir: join(folder, 'cache'), output: { write: (text: string) => output.push(text) } }));
});
afterEach(() => {
  clearPlatform();
  rmSync(folder, { recursive: true, force: true });
  expect(tf.memory().numTensors).toBe(before);
});

/** Two class folders of small BMPs, each image a different colour. */
function writeImages(perClass: number): string {
  const root = join(folder, 'images');
  for (const [label, name] of ['cats', 'dogs'].entries()) {
    const classFolder = join(root, name);
    mkdirSync(classFolder, { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const rgb = Array.from({ length: 20 * 16 * 3 }, (_, k) => (k * (i + 1) * 7 + label * 90) % 256);
      writeFileSync(join(classFolder, `${i}.bmp`), encodeBmp24(20, 16, rgb));
    }
  }
  return root;
}

const model = () =>
  transferModel(buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: true, classes: 10 }), { classes: 2, seed: 1 });

describe('extractFeatures', () => {
  it('runs the frozen base over a dataset in batches, as it runs over the same images in one tensor', async () => {
    const dataset = await imageDatasetFromDirectory(writeImages(3), { shuffle: false });
    const transfer = model();
    const progress: number[] = [];
    const extracted = await extractFeatures(transfer, dataset, { batchSize: 4, onProgress: ({ done }) => progress.push(done) });
    expect(extracted.features.shape).toEqual([6, 1280]);
    expect(Array.from(extracted.labels.dataSync())).toEqual([0, 0, 0, 1, 1, 1]);
    expect(extracted.sources).toEqual(dataset.examples.map((example) => example.name));
    expect(progress).toEqual([4, 6]);
    const { xs, ys } = await dataset.load({ size: [32, 32], preprocess: preprocessInput });
    const direct = await extractFeatures(transfer, xs, { optimize: false });
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(direct, extracted.features))).dataSync()[0]);
    expect(gap).toBeLessThan(1e-4);
    tf.dispose([xs, ys, direct, extracted.features, extracted.labels]);
    transfer.dispose();
  });

  it('caches features by weights and file content: a second run reads them, a changed file is recomputed', async () => {
    const root = writeImages(2);
    const dataset = await imageDatasetFromDirectory(root, { shuffle: false });
    const transfer = model();
    const first = await extractFeatures(transfer, dataset, { cache: true });
    expect(first.fromCache).toBe(0);
    const second = await extractFeatures(transfer, dataset, { cache: true });
    expect(second.fromCache).toBe(4);
    expect(second.features.dataSync()).toEqual(first.features.dataSync());

    writeFileSync(
      join(root, 'cats', '0.bmp'),
      encodeBmp24(
        20,
        16,
        Array.from({ length: 20 * 16 * 3 }, () => 200),
      ),
    );
    const third = await extractFeatures(transfer, dataset, { cache: true });
    expect(third.fromCache).toBe(3);
    expect(third.features.dataSync().slice(0, 1280)).not.toEqual(first.features.dataSync().slice(0, 1280));
    expect(third.features.dataSync().slice(1280)).toEqual(first.features.dataSync().slice(1280));

    // The same weights in another model (built again, as a later run would) reuse them; other weights never do.
    const twin = model();
    for (const [i, layer] of twin.layers.entries()) layer.setWeights(transfer.layers[i]?.getWeights() ?? []);
    const reused = await extractFeatures(twin, dataset, { cache: true });
    expect(reused.fromCache).toBe(4);
    tf.dispose([reused.features, reused.labels]);
    twin.dispose();
    const other = model();
    const fresh = await extractFeatures(other, dataset, { cache: true });
    expect(fresh.fromCache).toBe(0);
    for (const result of [first, second, third, fresh]) tf.dispose([result.features, result.labels]);
    transfer.dispose();
    other.dispose();
  });

  it('skips an unreadable image with one warning, with or without the cache', async () => {
    const root = writeImages(2);
    writeFileSync(join(root, 'dogs', '0.bmp'), 'not an image');
    const dataset = await imageDatasetFromDirectory(root, { shuffle: false });
    const transfer = model();
    for (const cache of [false, true]) {
      const warnings: DatasetWarning[] = [];
      const result = await extractFeatures(transfer, dataset, { cache, onWarning: (warning) => warnings.push(warning) });
      expect(result.sources.map((source) => source.slice(root.length + 1))).toEqual(['cats/0.bmp', 'cats/1.bmp', 'dogs/1.bmp']);
      expect(Array.from(result.labels.dataSync())).toEqual([0, 0, 1]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.skipped.map((image) => image.name)).toEqual([join(root, 'dogs', '0.bmp')]);
      tf.dispose([result.features, result.labels]);
    }
    await expect(extractFeatures(transfer, dataset, { strict: true })).rejects.toThrow(/0\.bmp/);
    await expect(extractFeatures(transfer, dataset, { cache: true, preprocess: (images) => images.clone() })).rejects.toThrow(
      InvalidArgumentError,
    );
    transfer.dispose();
  });

  it('recomputes cached features that are NaN or were changed after they were written', async () => {
    const cacheDir = join(folder, 'cache');
    const dataset = await imageDatasetFromDirectory(writeImages(1));
    const transfer = model();
    const first = await extractFeatures(transfer, dataset, { cache: true });
    const entries = readdirSync(cacheDir).filter((name) => !name.endsWith('.sha256'));
    expect(entries).toHaveLength(2);
    // One entry filled with NaN, its recorded checksum updated as a careless tool would; the other zeroed.
    const nan = new Uint8Array(new Float32Array(1280).fill(Number.NaN).buffer);
    writeFileSync(join(cacheDir, entries[0]!), nan);
    writeFileSync(join(cacheDir, `${entries[0]!}.sha256`), createHash('sha256').update(nan).digest('hex'));
    writeFileSync(join(cacheDir, entries[1]!), new Uint8Array(1280 * 4));
    const again = await extractFeatures(transfer, dataset, { cache: true });
    expect(again.fromCache).toBe(0);
    expect(again.features.dataSync()).toEqual(first.features.dataSync());
    const third = await extractFeatures(transfer, dataset, { cache: true });
    expect(third.fromCache).toBe(2);
    for (const result of [first, again, third]) tf.dispose([result.features, result.labels]);
    transfer.dispose();
  });

  it('goes on with one warning when the feature cache cannot be written (a file in the way of its folder)', async () => {
    const blocker = join(folder, 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    setPlatform(createNodePlatform({ cacheDir: join(blocker, 'cache'), output: { write: (text: string) => output.push(text) } }));
    const dataset = await imageDatasetFromDirectory(writeImages(2));
    const transfer = model();
    const result = await extractFeatures(transfer, dataset, { cache: true });
    expect(result.features.shape).toEqual([4, 1280]);
    const warnings = output.filter((line) => line.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`the cache at ${join(blocker, 'cache')} cannot be written`);
    tf.dispose([result.features, result.labels]);
    transfer.dispose();
  });
});
