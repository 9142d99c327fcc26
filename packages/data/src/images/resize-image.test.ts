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
  it('stretches the whole image to the requested size, bilinear by default, in whole levels for int32 input', () => {
    const image = gradient(50, 100);
    const resized = resizeImage(image, [32, 24]);
    expect(resized.shape).toEqual([32, 24, 3]);
    expect(resized.dtype).toBe('float32');
    const pixels = resized.arraySync();
    // Away from the edges the widened (antialiasing) triangle is symmetric, so a ramp keeps its
    // value at the output pixel's centre, rounded to a whole level as Pillow rounds 8-bit images.
    for (const column of [3, 12, 20]) expect(pixels[5]?.[column]?.[0]).toBe(Math.round(sample(column, 100, 24)));
    for (const row of [3, 16, 28]) expect(pixels[row]?.[5]?.[1]).toBe(Math.round(sample(row, 50, 32)));
    expect(pixels[5]?.[5]?.[2]).toBe(7);
    tf.dispose([image, resized]);
  });

  it('keeps fractions for float32 input (Pillow resamples float images in full precision)', () => {
    const image = tf.cast(gradient(50, 100), 'float32') as Tensor3D;
    const resized = resizeImage(image, [32, 24], { interpolation: 'bilinear' });
    const value = resized.arraySync()[5]?.[12]?.[0] as number;
    // Near the centre's value (the sampled triangle is only nearly symmetric), and not a whole level.
    expect(value).toBeCloseTo(sample(12, 100, 24), 1);
    expect(Number.isInteger(value)).toBe(false);
    tf.dispose([image, resized]);
  });

  it('takes each of Keras\'s interpolations, nearest picking the pixel under the centre', () => {
    const image = gradient(50, 100);
    const nearest = resizeImage(image, [10, 10], { interpolation: 'nearest' });
    // Output column i takes input column floor((i + 0.5) * 10).
    expect(nearest.arraySync()[0]?.map((pixel) => pixel[0])).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
    for (const interpolation of ['bicubic', 'lanczos', 'box', 'hamming'] as const) {
      const resized = resizeImage(image, [10, 10], { interpolation });
      expect(resized.arraySync()[5]?.[5]?.[0]).toBeCloseTo(54.5, -0.5);
      resized.dispose();
    }
    expect(() => resizeImage(image, [4, 4], { interpolation: 'area' as 'box' })).toThrow(/interpolation/);
    tf.dispose([image, nearest]);
  });

  it('center-crops a 100 x 50 image to its middle 50 x 50 before resizing to 32 x 32', () => {
    const image = gradient(50, 100);
    const resized = resizeImage(image, [32, 32], { keepAspectRatio: true });
    expect(resized.shape).toEqual([32, 32, 3]);
    const pixels = resized.arraySync();
    for (const column of [1, 15, 16, 30]) {
      // Red is the original column index: columns 25..74 are kept.
      expect(pixels[10]?.[column]?.[0]).toBe(Math.round(25 + sample(column, 50, 32)));
    }
    for (const row of [1, 16, 30]) expect(pixels[row]?.[3]?.[1]).toBe(Math.round(sample(row, 50, 32)));
    // The crop is centred: the mean column is the original centre, 49.5 (within rounding).
    const meanColumn = tf.tidy(() => tf.mean(tf.slice(resized, [0, 0, 0], [-1, -1, 1])).dataSync()[0]);
    expect(meanColumn).toBeCloseTo(49.5, 0);
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
