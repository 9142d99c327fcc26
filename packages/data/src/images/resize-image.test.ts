import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeImage } from './resize-image.js';

/** A [height, width, 3] int32 image: red = column, green = row, blue = 7. */
function gradient(height: number, width: number): Tensor3D {
  return tf.tidy(() => {
    const columns = tf.tile(tf.reshape(tf.range(0, width, 1, 'int32'), [1, width]), [height, 1]);
    const rows = tf.tile(tf.reshape(tf.range(0, height, 1, 'int32'), [height, 1]), [1, width]);
    return tf.stack([columns, rows, tf.fill([height, width], 7, 'int32')], 2) as Tensor3D;
  });
}

/** Where output pixel `i` samples the source when `from` pixels become `to` (half-pixel centres). */
const sample = (i: number, from: number, to: number) => ((i + 0.5) * from) / to - 0.5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('resizeImage', () => {
  it('stretches the whole image to the requested size', () => {
    const image = gradient(50, 100);
    const resized = resizeImage(image, [32, 24]);
    expect(resized.shape).toEqual([32, 24, 3]);
    expect(resized.dtype).toBe('float32');
    const pixels = resized.arraySync();
    // The leftmost and rightmost columns sample near both ends of the original 100 columns.
    expect(pixels[0]?.[0]?.[0]).toBeCloseTo(sample(0, 100, 24), 4);
    expect(pixels[0]?.[23]?.[0]).toBeCloseTo(sample(23, 100, 24), 4);
    expect(pixels[31]?.[0]?.[1]).toBeCloseTo(sample(31, 50, 32), 4);
    expect(pixels[5]?.[5]?.[2]).toBeCloseTo(7, 5);
    tf.dispose([image, resized]);
  });

  it('center-crops a 100 x 50 image to its middle 50 x 50 before resizing to 32 x 32', () => {
    const image = gradient(50, 100);
    const resized = resizeImage(image, [32, 32], 'center-crop');
    expect(resized.shape).toEqual([32, 32, 3]);
    const pixels = resized.arraySync();
    for (const column of [0, 1, 15, 16, 31]) {
      // Red is the original column index: columns 25..74 are kept.
      expect(pixels[10]?.[column]?.[0]).toBeCloseTo(25 + sample(column, 50, 32), 4);
    }
    for (const row of [0, 16, 31]) expect(pixels[row]?.[3]?.[1]).toBeCloseTo(sample(row, 50, 32), 4);
    // The crop is centred: the mean column is the original centre, 49.5.
    const meanColumn = tf.tidy(() => tf.mean(tf.slice(resized, [0, 0, 0], [-1, -1, 1])).dataSync()[0]);
    expect(meanColumn).toBeCloseTo(49.5, 3);
    tf.dispose([image, resized]);
  });

  it('center-crops a tall image to the target aspect, without resampling when the crop already fits', () => {
    const image = gradient(100, 40);
    const resized = resizeImage(image, [20, 40], 'center-crop');
    const pixels = resized.arraySync();
    expect(pixels[0]?.[0]).toEqual([0, 40, 7]);
    expect(pixels[19]?.[39]).toEqual([39, 59, 7]);
    tf.dispose([image, resized]);
  });

  it('resizes a batch the same way as each image', () => {
    const image = gradient(50, 100);
    const batch = tf.stack([image, image]) as Tensor4D;
    const one = resizeImage(image, [16, 16], 'center-crop');
    const both = resizeImage(batch, [16, 16], 'center-crop');
    expect(both.shape).toEqual([2, 16, 16, 3]);
    const second = tf.tidy(() => tf.reshape(tf.slice(both, [1, 0, 0, 0], [1, -1, -1, -1]), [16, 16, 3]));
    expect(second.arraySync()).toEqual(one.arraySync());
    tf.dispose([image, batch, one, both, second]);
  });

  it('leaves the input alone, returns a new tensor and leaks nothing', () => {
    const image = gradient(16, 16);
    const before = tf.memory().numTensors;
    const same = resizeImage(image, [16, 16]);
    const cropped = resizeImage(image, [8, 4], 'center-crop');
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(same).not.toBe(image);
    expect(same.dtype).toBe('float32');
    tf.dispose([same, cropped]);
    expect(image.isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('rejects a bad size, resize mode or rank', () => {
    const image = gradient(4, 4);
    expect(() => resizeImage(image, [0, 4])).toThrow(InvalidArgumentError);
    expect(() => resizeImage(image, [4, 4], 'fit' as 'stretch')).toThrow(/resizeMode/);
    const flat = tf.zeros([4, 4]);
    expect(() => resizeImage(flat as unknown as Tensor3D, [2, 2])).toThrow(/shape \[4, 4\]/);
    tf.dispose([image, flat]);
  });
});
