import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { thresholdData, thresholdDataset } from './threshold-dataset.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('thresholdData', () => {
  it('labels every observation by the threshold', () => {
    const { observations, labels } = thresholdData({ samples: 1000, threshold: 0.3, seed: 1 });
    expect(observations).toHaveLength(1000);
    observations.forEach((value, i) => {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(labels[i]).toBe(value >= 0.3 ? 1 : 0);
    });
    const ones = labels.reduce((sum, label) => sum + label, 0);
    expect(ones).toBeGreaterThan(650);
    expect(ones).toBeLessThan(750);
  });

  it('gives the same data for the same seed and other data for another', () => {
    expect(thresholdData({ samples: 10, seed: 9 })).toEqual(thresholdData({ samples: 10, seed: 9 }));
    expect(thresholdData({ samples: 10, seed: 9 }).observations).not.toEqual(thresholdData({ samples: 10, seed: 10 }).observations);
  });

  it('rejects a sample count that is not a positive integer', () => {
    expect(() => thresholdData({ samples: 0 })).toThrow(InvalidArgumentError);
    expect(() => thresholdData({ samples: 2.5 })).toThrow(/samples/);
  });
});

describe('thresholdDataset', () => {
  it('shapes x as (n, 1) and y as (n) matching the arrays', () => {
    const before = tf.memory().numTensors;
    const { x, y } = thresholdDataset({ samples: 10_000, seed: 3 });
    expect(x.shape).toEqual([10_000, 1]);
    expect(y.shape).toEqual([10_000]);
    expect(Array.from(x.dataSync().slice(0, 5))).toEqual(Array.from(thresholdData({ samples: 10_000, seed: 3 }).observations.slice(0, 5)));
    x.dispose();
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
