import '@tensorflow/tfjs-backend-cpu';
import { ImageDecodeError, InvalidArgumentError, setPlatform } from '@dendrite/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakePlatform, fakeImageBytes } from '../testing/fake-platform.js';
import { imageBatches } from './image-batches.js';

const paths = Array.from({ length: 10 }, (_, i) => `img${i}.png`);
let platform: FakePlatform;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  const files = Object.fromEntries(paths.map((path, i) => [path, fakeImageBytes(40 + i, 30, i)]));
  platform = new FakePlatform({ ...files, 'bad.png': new Uint8Array([0]) });
  setPlatform(platform);
});

function fills(batch: Tensor4D): number[] {
  return tf.tidy(() => Array.from(tf.slice(batch, [0, 0, 0, 2], [-1, 1, 1, 1]).dataSync()));
}

describe('imageBatches', () => {
  it('yields ceil(n / batchSize) batches in order, the last one partial', async () => {
    const before = tf.memory().numTensors;
    const shapes: number[][] = [];
    const order: number[] = [];
    for await (const batch of imageBatches(paths, { batchSize: 4, size: [16, 16] })) {
      // Only the batch in hand is alive.
      expect(tf.memory().numTensors).toBe(before + 1);
      shapes.push(batch.shape);
      order.push(...fills(batch));
      batch.dispose();
    }
    expect(shapes).toEqual([
      [4, 16, 16, 3],
      [4, 16, 16, 3],
      [2, 16, 16, 3],
    ]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('yields one batch when the batch size covers the list, and nothing for an empty list', async () => {
    const sizes: number[] = [];
    for await (const batch of imageBatches(paths.slice(0, 3), { size: [4, 4] })) {
      sizes.push(batch.shape[0]);
      batch.dispose();
    }
    expect(sizes).toEqual([3]);
    const none = await imageBatches([], { size: [4, 4] }).next();
    expect(none.done).toBe(true);
  });

  it('applies preprocess to each batch and disposes what it leaves behind', async () => {
    const before = tf.memory().numTensors;
    const preprocess = (batch: Tensor4D) => tf.sub(tf.div(batch, 127.5), 1) as Tensor4D;
    for await (const batch of imageBatches(paths, { batchSize: 3, size: [8, 8], preprocess })) {
      expect(tf.memory().numTensors).toBe(before + 1);
      const [min, max] = tf.tidy(() => [tf.min(batch).dataSync()[0], tf.max(batch).dataSync()[0]]);
      expect(min).toBeGreaterThanOrEqual(-1);
      expect(max).toBeLessThanOrEqual(1);
      batch.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the batch when preprocess returns it unchanged', async () => {
    const batches = imageBatches(paths.slice(0, 2), { size: [4, 4], preprocess: (batch) => batch });
    const first = await batches.next();
    expect(first.done).toBe(false);
    const batch = first.value as Tensor4D;
    expect(batch.isDisposed).toBe(false);
    expect(batch.shape).toEqual([2, 4, 4, 3]);
    batch.dispose();
  });

  it('reads only what it yields, and stopping early leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const batches = imageBatches(paths, { batchSize: 2, size: [4, 4] });
    expect(platform.reads).toBe(0);
    for await (const batch of batches) {
      batch.dispose();
      break;
    }
    expect(platform.reads).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('yields the batches before a bad file, then fails naming it', async () => {
    const before = tf.memory().numTensors;
    const batches = imageBatches(['img0.png', 'img1.png', 'img2.png', 'bad.png'], { batchSize: 2, size: [4, 4] });
    const first = await batches.next();
    (first.value as Tensor4D).dispose();
    const error = await batches.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).source).toBe('bad.png');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('checks its options when called, before reading', () => {
    expect(() => imageBatches(paths, { batchSize: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => imageBatches(paths, { size: [16, -16] })).toThrow(/Invalid size/);
    expect(platform.reads).toBe(0);
  });

  it('stops between images when the signal is aborted', async () => {
    const controller = new AbortController();
    const batches = imageBatches(paths, {
      batchSize: 4,
      size: [4, 4],
      signal: controller.signal,
      onProgress: (event) => {
        if (event.loadedImages === 2) controller.abort(new Error('cancelled'));
      },
    });
    const before = tf.memory().numTensors;
    await expect(batches.next()).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });
});
