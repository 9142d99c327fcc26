import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, ResourceNotFoundError, setPlatform } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { FakeFolderPlatform } from '../testing/fake-folder-platform.js';
import { FakePlatform, fakeImageBytes } from '../testing/fake-platform.js';
import { EmptyDatasetError } from './dataset-errors.js';
import { imageDatasetFromDirectory } from './image-dataset-from-directory.js';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fakeCatFiles } from '../testing/fake-folder-platform.js';
import type { ImageDataset } from './image-dataset.js';

/** The course's cats in female/ and male/ subfolders, as Keras's recorded counts used them. */
function catFolder(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [path, bytes] of Object.entries(fakeCatFiles('flat'))) {
    const name = path.slice('flat/'.length);
    files[`cats/${name.startsWith('f') ? 'female' : 'male'}/${name}`] = bytes;
  }
  return files;
}

interface KerasSplitCounts {
  readonly counts: readonly { validationSplit: number; seed: number; training: number; validation: number; classNames: string[] }[];
}

const kerasCounts: KerasSplitCounts = JSON.parse(
  readFileSync(new URL('../images/fixtures/dataset-split-counts.json', import.meta.url), 'utf8'),
);

const names = (dataset: ImageDataset<tf.Tensor1D | tf.Tensor2D>) => dataset.examples.map((example) => example.name);

const image = fakeImageBytes(4, 4);
const text = new Uint8Array([1, 2, 3]);

function usePlatform(files: Record<string, Uint8Array>, emptyFolders: string[] = []): FakeFolderPlatform {
  const platform = new FakeFolderPlatform(files, { emptyFolders });
  setPlatform(platform);
  return platform;
}

describe('imageDatasetFromDirectory', () => {
  it('makes one class per subfolder, sorted, and labels each image with its class index', async () => {
    const platform = usePlatform({
      'pets/dog/b.png': image,
      'pets/dog/a.PNG': image,
      'pets/cat/x.jpg': image,
      'pets/cat/nested/y.JPEG': image,
      'pets/cat/notes.txt': text,
      'pets/cat/.DS_Store': text,
      'pets/cat/labels.json': text,
      'pets/top.png': image,
      'pets/.hidden/z.png': image,
    });
    const dataset = await imageDatasetFromDirectory('pets', { shuffle: false });
    expect(dataset.classNames).toEqual(['cat', 'dog']);
    expect(dataset.examples.map((example) => [example.name, example.label])).toEqual([
      ['pets/cat/x.jpg', 0],
      ['pets/cat/nested/y.JPEG', 0],
      ['pets/dog/a.PNG', 1],
      ['pets/dog/b.png', 1],
    ]);
    expect(dataset.examples[0]?.source).toBe('pets/cat/x.jpg');
    expect(dataset.classCounts()).toEqual([2, 2]);
    expect(platform.reads).toBe(0);
  });

  it('sorts class names by code unit, as Python does, not by locale', async () => {
    usePlatform({ 'd/b/1.png': image, 'd/B/1.png': image, 'd/a/1.png': image, 'd/a10/1.png': image, 'd/a9/1.png': image });
    const dataset = await imageDatasetFromDirectory('d/');
    expect(dataset.classNames).toEqual(['B', 'a', 'a10', 'a9', 'b']);
  });

  it('takes only the classes named in classNames, in that order', async () => {
    usePlatform({ 'd/cat/1.png': image, 'd/dog/1.png': image, 'd/fox/1.png': image });
    const dataset = await imageDatasetFromDirectory('d', { classNames: ['fox', 'cat'], shuffle: false });
    expect(dataset.classNames).toEqual(['fox', 'cat']);
    expect(dataset.examples.map((example) => [example.name, example.label])).toEqual([
      ['d/fox/1.png', 0],
      ['d/cat/1.png', 1],
    ]);
    await expect(imageDatasetFromDirectory('d', { classNames: ['cow'] })).rejects.toThrow(
      /classNames: names 'cow', but d has no subfolder.*'cat', 'dog', 'fox'/,
    );
    await expect(imageDatasetFromDirectory('d', { classNames: ['cat', 'cat'] })).rejects.toThrow(InvalidArgumentError);
  });

  it('fails on an empty folder with an EmptyDatasetError', async () => {
    usePlatform({}, ['empty']);
    const error = await imageDatasetFromDirectory('empty').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as EmptyDatasetError).source).toBe('empty');
    expect((error as EmptyDatasetError).className).toBeUndefined();
    expect((error as Error).message).toMatch(/empty is empty: it has no class subfolders and no images/);
  });

  it('points to imageDatasetFromFiles when the images sit directly in the folder', async () => {
    usePlatform({ 'cats/f01.jpg': image, 'cats/m01.jpg': image });
    await expect(imageDatasetFromDirectory('cats')).rejects.toThrow(
      /cats holds 2 images but no class subfolders.*imageDatasetFromFiles\(folder, \{ labelOf \}\)/,
    );
  });

  it('names a class folder that holds no images', async () => {
    usePlatform({ 'd/cat/1.png': image, 'd/dog/readme.txt': text }, ['d/fox']);
    const error = await imageDatasetFromDirectory('d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as EmptyDatasetError).className).toBe('dog');
    expect((error as Error).message).toMatch(/class folder d\/dog holds no images/);
    await expect(imageDatasetFromDirectory('d', { classNames: ['cat', 'fox'] })).rejects.toThrow(/d\/fox holds no images/);
  });

  it("passes on the platform's error for a missing folder", async () => {
    usePlatform({ 'd/cat/1.png': image });
    await expect(imageDatasetFromDirectory('nowhere')).rejects.toThrow(ResourceNotFoundError);
  });

  it('tells a platform without folders (a browser) to pass files instead', async () => {
    setPlatform(new FakePlatform({ 'd/cat/1.png': image }));
    const error = await imageDatasetFromDirectory('d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/'fake' platform cannot list folders.*Pass the files instead: imageDatasetFromFiles/);
  });

  it("splits as Keras does: for every recorded split and seed, the subsets have real Keras's sizes, are disjoint, cover the folder and repeat", async () => {
    usePlatform(catFolder());
    expect(kerasCounts.counts.length).toBeGreaterThanOrEqual(10);
    for (const { validationSplit, seed, training, validation, classNames } of kerasCounts.counts) {
      const [train, held] = await imageDatasetFromDirectory('cats', { validationSplit, subset: 'both', seed });
      expect([train.length, held.length], `split ${validationSplit} seed ${seed}`).toEqual([training, validation]);
      expect(train.classNames).toEqual(classNames);
      const trainNames = new Set(names(train));
      expect(names(held).filter((name) => trainNames.has(name))).toEqual([]);
      expect(trainNames.size + held.length).toBe(40);
      // The same seed gives the same subsets, also when asked for one at a time.
      const again = await imageDatasetFromDirectory('cats', { validationSplit, subset: 'validation', seed });
      expect(names(again)).toEqual(names(held));
      const trainAgain = await imageDatasetFromDirectory('cats', { validationSplit, subset: 'training', seed });
      expect(names(trainAgain)).toEqual(names(train));
    }
    const [a] = await imageDatasetFromDirectory('cats', { validationSplit: 0.2, subset: 'both', seed: 1 });
    const [b] = await imageDatasetFromDirectory('cats', { validationSplit: 0.2, subset: 'both', seed: 2 });
    expect(names(a)).not.toEqual(names(b));
  });

  it("takes Keras's defaults: 256 x 256, batches of 32, bilinear, int labels, shuffled", async () => {
    usePlatform(catFolder());
    const cats = await imageDatasetFromDirectory('cats', { seed: 5 });
    expect(cats.defaults).toEqual({
      imageSize: [256, 256],
      batchSize: 32,
      interpolation: 'bilinear',
      cropToAspectRatio: false,
      shuffle: true,
      seed: 5,
      labelMode: 'int',
    });
    const batches = [];
    for await (const batch of cats.batches()) batches.push(batch);
    expect(batches.map((batch) => batch.xs.shape)).toEqual([
      [32, 256, 256, 3],
      [8, 256, 256, 3],
    ]);
    expect(batches[0]?.ys.shape).toEqual([32]);
    const firstPass = batches.flatMap((batch) => batch.sources);
    expect(firstPass).not.toEqual(names(cats));
    tf.dispose(batches.flatMap((batch) => [batch.xs, batch.ys]));
    // A new pass is a new order, and the same again in a new run with the same seed.
    const second: string[] = [];
    for await (const batch of cats.batches({ size: [4, 4] })) {
      second.push(...batch.sources);
      tf.dispose([batch.xs, batch.ys]);
    }
    expect(second).not.toEqual(firstPass);
    expect([...second].sort()).toEqual([...firstPass].sort());
    const rerun = await imageDatasetFromDirectory('cats', { seed: 5 });
    expect(names(rerun)).toEqual(names(cats));
  });

  it('gives one-hot or binary labels, resizes to imageSize, and checks the options as Keras does', async () => {
    usePlatform(catFolder());
    const categorical = await imageDatasetFromDirectory('cats', { labelMode: 'categorical', imageSize: 8, batchSize: 5, shuffle: false });
    const before = tf.memory().numTensors;
    const { xs, ys } = await categorical.load();
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(xs.shape).toEqual([40, 8, 8, 3]);
    expect(ys.shape).toEqual([40, 2]);
    expect(ys.arraySync()[0]).toEqual([1, 0]);
    expect(ys.arraySync()[39]).toEqual([0, 1]);
    const binary = await imageDatasetFromDirectory('cats', { labelMode: 'binary', imageSize: [6, 4], shuffle: false });
    const first = await binary.batches({ batchSize: 40 }).next();
    expect(first.value?.ys.shape).toEqual([40, 1]);
    expect(first.value?.xs.shape).toEqual([40, 6, 4, 3]);
    tf.dispose([xs, ys, first.value?.xs as tf.Tensor, first.value?.ys as tf.Tensor]);
    expect(tf.memory().numTensors).toBe(before);
    await expect(imageDatasetFromDirectory('cats', { validationSplit: 0.2 })).rejects.toThrow(/subset/);
    await expect(imageDatasetFromDirectory('cats', { validationSplit: 0.2, subset: 'training' })).rejects.toThrow(/seed/);
    await expect(imageDatasetFromDirectory('cats', { validationSplit: 1.5, subset: 'training', seed: 1 })).rejects.toThrow(InvalidArgumentError);
    await expect(imageDatasetFromDirectory('cats', { validationSplit: 0.01, subset: 'validation', seed: 1 })).rejects.toThrow(EmptyDatasetError);
    await expect(imageDatasetFromDirectory('cats', { labelMode: 'sparse' as 'int' })).rejects.toThrow(/labelMode/);
    await expect(imageDatasetFromDirectory('cats', { interpolation: 'area' as 'box' })).rejects.toThrow(/interpolation/);
    // Without shuffling, the split needs no seed and holds out the last files, as in Keras.
    const held = await imageDatasetFromDirectory('cats', { validationSplit: 0.25, subset: 'validation', shuffle: false });
    expect(names(held).map((name) => name.split('/').pop())).toEqual(['m11.jpg', 'm12.jpg', 'm13.jpg', 'm14.jpg', 'm15.jpg', 'm16.jpg', 'm17.jpg', 'm18.jpg', 'm19.jpg', 'm20.jpg']);
  });
});
