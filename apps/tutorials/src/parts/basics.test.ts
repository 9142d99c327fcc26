import { setPlatform } from '@dendrite/core';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPredictionTable, runBasics, type BasicsResult } from './basics.js';

beforeAll(async () => {
  const platform = createNodePlatform({ backend: 'cpu' });
  await platform.initBackend();
  setPlatform(platform);
});

interface Part2Run {
  readonly result: BasicsResult;
  readonly lines: readonly string[];
  readonly leaked: number;
}

// Part 2 runs once, inside whichever test asks first (never in a hook), so a broken part 2 fails
// every test below by name instead of reading as skipped; each test still stands alone.
let part2: Promise<Part2Run> | undefined;
function runPart2(): Promise<Part2Run> {
  part2 ??= (async () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const result = await runBasics({ seed: 42, print: (line) => lines.push(line) });
    return { result, lines, leaked: tf.memory().numTensors - before };
  })();
  return part2;
}

describe('course part 2 (basics), seed 42', () => {
  it('shows the first observations with their labels', async () => {
    const { result } = await runPart2();
    expect(result.firstObservations).toHaveLength(5);
    result.firstObservations.forEach((x, i) => expect(result.firstLabels[i]).toBe(x >= 0.5 ? 1 : 0));
  });

  it('summarises the 2-layer, 34-parameter model as Keras does', async () => {
    const { result, lines } = await runPart2();
    expect(result.layers).toBe(2);
    expect(result.params).toEqual({ total: 34, trainable: 34, nonTrainable: 0 });
    expect(result.summary).toContain('Total params: 34');
    expect(lines).toContain('Total params: 34');
  });

  it('trains 10 epochs at verbose 2 to an accuracy of at least 0.97', async () => {
    const { result, lines } = await runPart2();
    expect(result.history.accuracy).toHaveLength(10);
    expect(result.history.accuracy?.at(-1)).toBeGreaterThanOrEqual(0.97);
    expect(lines.filter((line) => /^Epoch \d+\/10$/.test(line))).toHaveLength(20);
    expect(lines).toContainEqual(expect.stringMatching(/^313\/313 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/));
  });

  it('predicts a 10 × 2 array whose argmax is 0 0 0 0 0 1 1 1 1 1', async () => {
    const { result, lines } = await runPart2();
    expect(result.predictions).toHaveLength(10);
    result.predictions.forEach((row) => {
      expect(row).toHaveLength(2);
      expect((row[0] ?? 0) + (row[1] ?? 0)).toBeCloseTo(1, 5);
    });
    expect(result.argmax).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(lines).toContain('argmax over axis 1: 0 0 0 0 0 1 1 1 1 1');
  });

  it('reports val_loss and val_accuracy for a fresh model with validationSplit 0.1', async () => {
    const { result, lines } = await runPart2();
    expect(result.validationHistory.val_loss).toHaveLength(10);
    expect(result.validationHistory.val_accuracy).toHaveLength(10);
    expect(result.validationHistory.val_accuracy?.at(-1)).toBeGreaterThanOrEqual(0.95);
    expect(lines).toContainEqual(expect.stringMatching(/^282\/282 - \d+s - loss: .* - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/));
  });

  it('leaks no tensor', async () => {
    const { leaked } = await runPart2();
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
