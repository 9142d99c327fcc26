import { setPlatform } from '@dendrite/core';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPredictionTable, runBasics, type BasicsResult } from './basics.js';

let result: BasicsResult;
const lines: string[] = [];
let leaked = 0;

beforeAll(async () => {
  const platform = createNodePlatform({ backend: 'cpu' });
  await platform.initBackend();
  setPlatform(platform);
  const before = tf.memory().numTensors;
  result = await runBasics({ seed: 42, print: (line) => lines.push(line) });
  leaked = tf.memory().numTensors - before;
});

describe('course part 2 (basics), seed 42', () => {
  it('shows the first observations with their labels', () => {
    expect(result.firstObservations).toHaveLength(5);
    result.firstObservations.forEach((x, i) => expect(result.firstLabels[i]).toBe(x >= 0.5 ? 1 : 0));
  });

  it('summarises the 2-layer, 34-parameter model as Keras does', () => {
    expect(result.layers).toBe(2);
    expect(result.params).toEqual({ total: 34, trainable: 34, nonTrainable: 0 });
    expect(result.summary).toContain('Total params: 34');
    expect(lines).toContain('Total params: 34');
  });

  it('trains 10 epochs at verbose 2 to an accuracy of at least 0.97', () => {
    expect(result.history.accuracy).toHaveLength(10);
    expect(result.history.accuracy?.at(-1)).toBeGreaterThanOrEqual(0.97);
    expect(lines.filter((line) => /^Epoch \d+\/10$/.test(line))).toHaveLength(20);
    expect(lines).toContainEqual(expect.stringMatching(/^313\/313 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/));
  });

  it('predicts a 10 × 2 array whose argmax is 0 0 0 0 0 1 1 1 1 1', () => {
    expect(result.predictions).toHaveLength(10);
    result.predictions.forEach((row) => {
      expect(row).toHaveLength(2);
      expect((row[0] ?? 0) + (row[1] ?? 0)).toBeCloseTo(1, 5);
    });
    expect(result.argmax).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(lines).toContain('argmax over axis 1: 0 0 0 0 0 1 1 1 1 1');
  });

  it('reports val_loss and val_accuracy for a fresh model with validationSplit 0.1', () => {
    expect(result.validationHistory.val_loss).toHaveLength(10);
    expect(result.validationHistory.val_accuracy).toHaveLength(10);
    expect(result.validationHistory.val_accuracy?.at(-1)).toBeGreaterThanOrEqual(0.95);
    expect(lines).toContainEqual(expect.stringMatching(/^282\/282 - \d+s - loss: .* - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/));
  });

  it('leaks no tensor', () => {
    expect(leaked).toBe(0);
  });
});

describe('formatPredictionTable', () => {
  it('writes one row per input with both probabilities', () => {
    expect(formatPredictionTable([0, 0.5], [[0.9, 0.1], [0.25, 0.75]])).toEqual([
      '   x    P(label 0)  P(label 1)',
      '  0.0    0.900000    0.100000',
      '  0.5    0.250000    0.750000',
    ]);
  });
});
