import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocessInput } from './preprocess-input.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('preprocessInput', () => {
  it('maps 0..255 to -1..1 as float32, keeping the shape', () => {
    const pixels = tf.tensor4d([0, 127.5, 255, 51], [1, 2, 2, 1], 'float32');
    const before = tf.memory().numTensors;
    const result = preprocessInput(pixels);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(result.dtype).toBe('float32');
    expect(result.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(result.dataSync())).toEqual([-1, 0, 1, 51 / 127.5 - 1].map((v) => Math.fround(v)));
    result.dispose();
    pixels.dispose();
  });

  it('converts int32 pixels and leaves the input untouched', () => {
    const pixels = tf.tensor1d([0, 255], 'int32');
    const result = preprocessInput(pixels);
    expect(result.dtype).toBe('float32');
    expect(Array.from(result.dataSync())).toEqual([-1, 1]);
    expect(Array.from(pixels.dataSync())).toEqual([0, 255]);
    tf.dispose([pixels, result]);
  });
});
