import '@tensorflow/tfjs-backend-cpu';
import { ImageDecodeError, InvalidArgumentError, InvalidDataError, setPlatform } from '@dendrite/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeFolderPlatform } from '../testing/fake-folder-platform.js';
import { fakeImageBytes } from '../testing/fake-platform.js';
import { EmptyDatasetError } from './dataset-errors.js';
import { type ImageDataset, imageDatasetFromExamples } from './image-dataset.js';
import type { DatasetWarning, ImageDatasetBatch } from './image-dataset-types.js';

// img0..img9: images of varied sizes whose blue channel is their number; labels alternate 0, 1.
const paths = Array.from({ length: 10 }, (_, i) => `img${i}.png`);
let platform: FakeFolderPlatform;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  const files = Object.fromEntries(paths.map((path, i) => [path, fakeImageBytes(20 + 3 * i, 10 + i, i)]));
  platform = new FakeFolderPlatform({ ...files, 'corrupt.png': new Uint8Array([1, 2, 3]) });
  setPlatform(platform);
});

function dataset(sources: readonly string[] = paths): ImageDataset {
  return imageDatasetFromExamples(
    sources.map((source, i) => ({ source, label: i % 2 })),
    { classNames: ['even', 'odd'] },
  );
}

/** The blue value of each image in a batch: which image it is. */
function ids(xs: Tensor4D): number[] {
  return tf.tidy(() => Array.from(tf.slice(xs, [0, 0, 0, 2], [-1, 1, 1, 1]).dataSync()));
}

async function collect(batches: AsyncIterable<ImageDatasetBatch>) {
  const seen = { sizes: [] as number[], ids: [] as number[], labels: [] as number[], sources: [] as string[] };
  for await (const { xs, ys, sources } of batches) {
    seen.sizes.push(xs.shape[0]);
    seen.ids.push(...ids(xs));
    seen.labels.push(...ys.dataSync());
    seen.sources.push(...sources);
    tf.dispose([xs, ys]);
  }
  return seen;
}

describe('imageDatasetFromExamples', () => {
  it('keeps the examples in the order given, with names, labels and class counts', () => {
    const file = { name: 'upload.jpg', size: 9, arrayBuffer: async () => new ArrayBuffer(9) };
    const data = imageDatasetFromExamples(
      [
        { source: 'b.png', label: 1 },
        { source: file, label: 0 },
        { source: new Uint8Array(9), label: 1 },
      ],
      { classNames: ['female', 'male'] },
    );
    expect(data.examples.map((example) => [example.name, example.label])).toEqual([
      ['b.png', 1],
      ['upload.jpg', 0],
      ['in-memory image (sources[2], 9 bytes)', 1],
    ]);
    expect(data.length).toBe(3);
    expect(data.classCounts()).toEqual([1, 2]);
    expect(String(data)).toBe('3 images in 2 classes: female 1, male 2');
    expect(Object.isFrozen(data.examples)).toBe(true);
    expect(Object.isFrozen(data.classNames)).toBe(true);
  });

  it('rejects an empty list, bad class names and labels that are not class indices', () => {
    expect(() => imageDatasetFromExamples([], { classNames: ['a'] })).toThrow(EmptyDatasetError);
    expect(() => imageDatasetFromExamples([{ source: 'a.png', label: 0 }], { classNames: [] })).toThrow(InvalidArgumentError);
    expect(() => imageDatasetFromExamples([{ source: 'a.png', label: 0 }], { classNames: ['a', 'a'] })).toThrow(/names 'a' twice/);
    for (const label of [2, -1, 0.5, Number.NaN]) {
      expect(() => imageDatasetFromExamples([{ source: 'a.png', label }], { classNames: ['a', 'b'] })).toThrow(InvalidDataError);
    }
    expect(() => imageDatasetFromExamples([{ source: 'a.png', label: 2 }], { classNames: ['a', 'b'] })).toThrow(
      /examples\[0\].label: is 2, .*from 0 to 1/,
    );
  });
});

describe('ImageDataset.batches', () => {
  it('streams full batches in dataset order with matching labels and sources, one batch alive at a time', async () => {
    const before = tf.memory().numTensors;
    const sizes: number[][] = [];
    const order: number[] = [];
    const labels: number[] = [];
    const sources: string[] = [];
    for await (const batch of dataset().batches({ batchSize: 4, size: [8, 6] })) {
      expect(tf.memory().numTensors).toBe(before + 2);
      sizes.push(batch.xs.shape, batch.ys.shape);
      expect(batch.xs.dtype).toBe('float32');
      expect(batch.ys.dtype).toBe('float32');
      order.push(...ids(batch.xs));
      labels.push(...batch.ys.dataSync());
      sources.push(...batch.sources);
      tf.dispose([batch.xs, batch.ys]);
    }
    // Images of ten different sizes are all resized.
    expect(sizes).toEqual([[4, 8, 6, 3], [4], [4, 8, 6, 3], [4], [2, 8, 6, 3], [2]]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(labels).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(sources).toEqual(paths);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads only the files of the batch being made', async () => {
    const batches = dataset().batches({ batchSize: 3, size: [4, 4] });
    expect(platform.reads).toBe(0);
    const first = await batches.next();
    expect(platform.reads).toBe(3);
    const { xs, ys } = first.value as ImageDatasetBatch;
    tf.dispose([xs, ys]);
    await batches.return();
  });

  it('shuffles with a seed: the same seed gives the same order, labels follow their images', async () => {
    const one = await collect(dataset().batches({ batchSize: 3, size: [4, 4], shuffle: true, seed: 5 }));
    const again = await collect(dataset().batches({ batchSize: 3, size: [4, 4], shuffle: true, seed: 5 }));
    const other = await collect(dataset().batches({ batchSize: 3, size: [4, 4], shuffle: true, seed: 6 }));
    expect(again.ids).toEqual(one.ids);
    expect(other.ids).not.toEqual(one.ids);
    expect(one.ids).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...one.ids].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(one.labels).toEqual(one.ids.map((id) => id % 2));
    expect(one.sources).toEqual(one.ids.map((id) => `img${id}.png`));
    expect(one.sizes).toEqual([3, 3, 3, 1]);
  });

  it('applies preprocess to each batch without leaking', async () => {
    const before = tf.memory().numTensors;
    const preprocess = (images: Tensor4D) => tf.sub(tf.div(images, 127.5), 1) as Tensor4D;
    for await (const { xs, ys } of dataset().batches({ batchSize: 4, size: [4, 4], preprocess })) {
      expect(tf.memory().numTensors).toBe(before + 2);
      expect(tf.tidy(() => tf.max(xs).dataSync()[0])).toBeLessThanOrEqual(1);
      expect(tf.tidy(() => tf.min(xs).dataSync()[0])).toBeGreaterThanOrEqual(-1);
      tf.dispose([xs, ys]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips corrupt and missing files, keeps batches full and warns once listing them', async () => {
    const warnings: DatasetWarning[] = [];
    const sources = ['img0.png', 'corrupt.png', 'img1.png', 'gone.png', 'img2.png', 'img3.png', 'img4.png'];
    const before = tf.memory().numTensors;
    const seen = await collect(dataset(sources).batches({ batchSize: 2, size: [4, 4], onWarning: (w) => warnings.push(w) }));
    expect(seen.sizes).toEqual([2, 2, 1]);
    expect(seen.ids).toEqual([0, 1, 2, 3, 4]);
    expect(seen.sources).toEqual(['img0.png', 'img1.png', 'img2.png', 'img3.png', 'img4.png']);
    // Labels belong to the examples, not to batch positions: img1 was example 2 (label 0).
    expect(seen.labels).toEqual([0, 0, 0, 1, 0]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.skipped.map((image) => image.name)).toEqual(['corrupt.png', 'gone.png']);
    expect(warnings[0]?.skipped[0]?.error).toBeInstanceOf(ImageDecodeError);
    expect(warnings[0]?.message).toMatch(
      /^2 of 7 images could not be read or decoded and were skipped: corrupt.png \(not a fake test image\); gone.png \(Nothing found at gone.png.*strict: true/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('prints the warning through the platform when no onWarning is given', async () => {
    await collect(dataset(['img0.png', 'corrupt.png']).batches({ size: [4, 4] }));
    expect(platform.printed).toHaveLength(1);
    expect(platform.printed[0]).toMatch(/^Warning: 1 of 2 images could not be read or decoded and was skipped: corrupt.png/);
  });

  it('yields nothing, and warns, when every image is unreadable', async () => {
    const warnings: DatasetWarning[] = [];
    const seen = await collect(dataset(['corrupt.png', 'gone.png']).batches({ size: [4, 4], onWarning: (w) => warnings.push(w) }));
    expect(seen.sizes).toEqual([]);
    expect(warnings[0]?.skipped).toHaveLength(2);
  });

  it('with strict: true, fails on the first unreadable image, naming it, without leaking', async () => {
    const before = tf.memory().numTensors;
    const batches = dataset(['img0.png', 'img1.png', 'img2.png', 'corrupt.png', 'img3.png']).batches({
      batchSize: 2,
      size: [4, 4],
      strict: true,
    });
    const first = (await batches.next()).value as ImageDatasetBatch;
    tf.dispose([first.xs, first.ys]);
    const error = await batches.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).source).toBe('corrupt.png');
    expect(tf.memory().numTensors).toBe(before);
    expect(platform.printed).toEqual([]);
  });

  it('reports what was skipped before the loop was left early', async () => {
    const warnings: DatasetWarning[] = [];
    const before = tf.memory().numTensors;
    for await (const { xs, ys } of dataset(['corrupt.png', ...paths]).batches({
      batchSize: 2,
      size: [4, 4],
      onWarning: (w) => warnings.push(w),
    })) {
      tf.dispose([xs, ys]);
      break;
    }
    expect(warnings.map((w) => w.skipped.length)).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('checks options when called, before reading', () => {
    const data = dataset();
    expect(() => data.batches({} as never)).toThrow(/Invalid size: is missing/);
    expect(() => data.batches({ size: [4, 4], batchSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => data.batches({ size: [4, 4], resizeMode: 'fit' as never })).toThrow(/resizeMode/);
    expect(() => data.batches({ size: [4, 4], shuffle: 'yes' as never })).toThrow(/shuffle: must be true or false/);
    expect(() => data.batches({ size: [4, 4], shuffle: true, seed: 1.5 })).toThrow(/seed/);
    expect(platform.reads).toBe(0);
  });

  it('stops when the signal is aborted instead of skipping', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const warnings: DatasetWarning[] = [];
    const before = tf.memory().numTensors;
    await expect(
      dataset()
        .batches({ size: [4, 4], signal: controller.signal, onWarning: (w) => warnings.push(w) })
        .next(),
    ).rejects.toThrow('stop');
    expect(warnings).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ImageDataset.load', () => {
  it('loads everything in dataset order, resized, with labels and sources; the caller owns two tensors', async () => {
    const before = tf.memory().numTensors;
    const many = dataset([...paths, ...paths, ...paths, ...paths]); // 40 examples: more than one read chunk
    const { xs, ys, sources } = await many.load({ size: [6, 5], resizeMode: 'center-crop' });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(xs.shape).toEqual([40, 6, 5, 3]);
    expect(ys.shape).toEqual([40]);
    expect(ids(xs).slice(8, 13)).toEqual([8, 9, 0, 1, 2]);
    expect(Array.from(ys.dataSync()).slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(sources[12]).toBe('img2.png');
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips unreadable images with a warning, or fails with strict: true', async () => {
    const data = dataset(['img0.png', 'corrupt.png', 'img1.png']);
    const warnings: DatasetWarning[] = [];
    const before = tf.memory().numTensors;
    const loaded = await data.load({ size: [4, 4], onWarning: (w) => warnings.push(w) });
    expect(loaded.xs.shape).toEqual([2, 4, 4, 3]);
    expect(Array.from(loaded.ys.dataSync())).toEqual([0, 0]);
    expect(loaded.sources).toEqual(['img0.png', 'img1.png']);
    expect(warnings).toHaveLength(1);
    tf.dispose([loaded.xs, loaded.ys]);
    await expect(data.load({ size: [4, 4], strict: true })).rejects.toThrow(ImageDecodeError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives empty tensors when every image was skipped', async () => {
    const { xs, ys, sources } = await dataset(['corrupt.png']).load({ size: [3, 2], onWarning: () => undefined });
    expect(xs.shape).toEqual([0, 3, 2, 3]);
    expect(ys.shape).toEqual([0]);
    expect(sources).toEqual([]);
    tf.dispose([xs, ys]);
  });
});
