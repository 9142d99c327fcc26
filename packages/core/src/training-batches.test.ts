import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Batcher, batchSizes, takeRows } from './training-batches.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Batcher', () => {
  const x = tf.tensor2d(
    Array.from({ length: 10 * 3 }, (_, i) => i),
    [10, 3],
  );
  const y = tf.tensor1d(
    Array.from({ length: 10 }, (_, i) => 100 + i),
    'int32',
  );
  const order = Int32Array.from([3, 9, 0, 7, 1, 8, 2, 6, 4, 5]);

  it.each([
    ['from memory', undefined],
    ['on the device', 0],
  ])('cuts batches in the order given, the last one short (%s)', (_, maxHostElements) => {
    const before = tf.memory().numTensors;
    const batches = new Batcher([x, y], maxHostElements).epoch(order, 4);
    expect(batches.count).toBe(3);
    expect([0, 1, 2].map((b) => batches.size(b))).toEqual([4, 4, 2]);
    const seen: number[] = [];
    for (let b = 0; b < batches.count; b++) {
      const [xb, yb] = batches.take(b) as [tf.Tensor, tf.Tensor];
      expect(xb.shape).toEqual([batches.size(b), 3]);
      expect(yb.dtype).toBe('int32');
      const rows = Array.from(yb.dataSync()).map((label) => label - 100);
      expect(Array.from(xb.dataSync())).toEqual(rows.flatMap((row) => [3 * row, 3 * row + 1, 3 * row + 2]));
      seen.push(...rows);
      tf.dispose([xb, yb]);
    }
    batches.dispose();
    expect(seen).toEqual(Array.from(order));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the batches nobody took', () => {
    const before = tf.memory().numTensors;
    const batches = new Batcher([x, y], 0).epoch(order, 4);
    tf.dispose(batches.take(0));
    batches.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sizes batches and takes rows', () => {
    expect(batchSizes(10_000, 32)).toHaveLength(313);
    expect(batchSizes(10_000, 32).at(-1)).toBe(16);
    const rows = takeRows(y, 8, 2);
    expect(Array.from(rows.dataSync())).toEqual([108, 109]);
    rows.dispose();
  });
});
