import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, InvalidDataError, ResourceNotFoundError, setPlatform } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakePlatform, fakeImageBytes } from '../testing/fake-platform.js';
import type { ImageLoadProgress } from './image-options.js';
import { loadImages } from './load-images.js';

const paths = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  // Each image's blue channel is its position, so the order can be read back from the result.
  const files = Object.fromEntries(paths.map((path, i) => [path, fakeImageBytes(20 + i * 10, 30, i + 1)]));
  setPlatform(new FakePlatform({ ...files, 'odd.png': fakeImageBytes(8, 6) }));
});

/** The blue value of each image's top-left pixel. */
function fills(images: tf.Tensor4D): number[] {
  return tf.tidy(() => Array.from(tf.slice(images, [0, 0, 0, 2], [-1, 1, 1, 1]).dataSync()));
}

describe('loadImages', () => {
  it('stacks the images in the order given, at the requested size', async () => {
    const images = await loadImages(paths, { size: [16, 12] });
    expect(images.shape).toEqual([5, 16, 12, 3]);
    expect(images.dtype).toBe('float32');
    expect(fills(images)).toEqual([1, 2, 3, 4, 5]);
    images.dispose();
  });

  it('gives the same result whatever the batch size, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const whole = await loadImages(paths, { size: [8, 8], resizeMode: 'center-crop' });
    const inPairs = await loadImages(paths, { size: [8, 8], resizeMode: 'center-crop', batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(inPairs.arraySync()).toEqual(whole.arraySync());
    tf.dispose([whole, inPairs]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports progress after each image', async () => {
    const events: ImageLoadProgress[] = [];
    const images = await loadImages(['b.png', new Uint8Array(fakeImageBytes(4, 4))], {
      size: [4, 4],
      onProgress: (event) => events.push(event),
    });
    expect(events).toEqual([
      { source: 'b.png', loadedImages: 1, totalImages: 2 },
      { source: 'in-memory image (sources[1], 9 bytes)', loadedImages: 2, totalImages: 2 },
    ]);
    images.dispose();
  });

  it('needs no size when every image has the same size', async () => {
    const images = await loadImages(['a.png', 'a.png']);
    expect(images.shape).toEqual([2, 30, 20, 3]);
    images.dispose();
  });

  it('names both images when sizes differ and no size was given', async () => {
    const before = tf.memory().numTensors;
    const error = await loadImages(['a.png', 'odd.png'], { batchSize: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toMatch(/odd\.png is 8 x 6 pixels but a\.png is 20 x 30.*Pass size/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails with the missing file named, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const error = await loadImages(['a.png', 'b.png', 'gone.png'], { size: [4, 4], batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).source).toBe('gone.png');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns an empty batch for no sources when the size is known, and refuses otherwise', async () => {
    const empty = await loadImages([], { size: [5, 6] });
    expect(empty.shape).toEqual([0, 5, 6, 3]);
    empty.dispose();
    await expect(loadImages([])).rejects.toThrow(InvalidArgumentError);
  });

  it('rejects a bad batch size', async () => {
    await expect(loadImages(paths, { batchSize: 0 })).rejects.toThrow(/Invalid batchSize/);
  });
});
