import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePredictions } from './decode-predictions.js';
import type { ImageNetClassIndex } from './imagenet-class-index.js';

const classIndex: ImageNetClassIndex = Array.from({ length: 1000 }, (_, i) => ({
  classIndex: i,
  wordnetId: `n${i}`,
  className: `class_${i}`,
}));

function scores(entries: Record<number, number>): number[] {
  const row = new Array<number>(1000).fill(0);
  for (const [index, score] of Object.entries(entries)) row[Number(index)] = score;
  return row;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('decodePredictions', () => {
  it('gives the top classes of each image, best first', () => {
    const result = decodePredictions([scores({ 285: 0.7, 281: 0.2, 3: 0.1 }), scores({ 652: 0.9 })], { top: 2, classIndex });
    expect(result).toEqual([
      [
        { classIndex: 285, wordnetId: 'n285', className: 'class_285', score: 0.7 },
        { classIndex: 281, wordnetId: 'n281', className: 'class_281', score: 0.2 },
      ],
      [
        { classIndex: 652, wordnetId: 'n652', className: 'class_652', score: 0.9 },
        { classIndex: 0, wordnetId: 'n0', className: 'class_0', score: 0 },
      ],
    ]);
  });

  it('returns 5 by default, ties in index order', () => {
    const [top] = decodePredictions([scores({ 10: 0.5, 4: 0.5 })], { classIndex });
    expect(top?.map((p) => p.classIndex)).toEqual([4, 10, 0, 1, 2]);
  });

  it('reads a tensor without disposing it', () => {
    const predictions = tf.tensor2d([scores({ 7: 1 })]);
    const before = tf.memory().numTensors;
    expect(decodePredictions(predictions, { top: 1, classIndex })[0]?.[0]?.classIndex).toBe(7);
    expect(tf.memory().numTensors).toBe(before);
    expect(predictions.isDisposed).toBe(false);
    predictions.dispose();
  });

  it('rejects predictions that are not [images, 1000] and a bad top', () => {
    const wrong = tf.tensor2d([[0.5, 0.5]]);
    expect(() => decodePredictions(wrong, { classIndex })).toThrow(InvalidArgumentError);
    expect(() => decodePredictions(wrong, { classIndex })).toThrow(/2 scores but the class index has 1000/);
    wrong.dispose();
    const flat = tf.tensor1d(scores({}));
    expect(() => decodePredictions(flat as unknown as tf.Tensor2D, { classIndex })).toThrow(/must be 2D/);
    flat.dispose();
    expect(() => decodePredictions([scores({})], { classIndex, top: 0 })).toThrow(/top/);
  });
});
