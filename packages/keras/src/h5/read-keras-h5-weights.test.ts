import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { KerasH5FormatError } from './errors.js';
import { type ReadKerasH5WeightsOptions, readKerasH5Weights } from './read-keras-h5-weights.js';

// The fixtures copy the layouts Keras writes, with made-up values start, start + 0.5, ...
// (fixtures/make-fixtures.py writes them).
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const series = (start: number, count: number) => Array.from({ length: count }, (_, index) => start + 0.5 * index);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Reads, hands the result to `check`, disposes it, and checks that no tensor outlives that. */
function withWeights(bytes: Uint8Array, options: ReadKerasH5WeightsOptions, check: (weights: tf.NamedTensorMap) => void): void {
  const before = tf.memory().numTensors;
  const weights = readKerasH5Weights(bytes, options);
  try {
    expect(tf.memory().numTensors).toBe(before + Object.keys(weights).length);
    check(weights);
  } finally {
    tf.dispose(Object.values(weights));
  }
  expect(tf.memory().numTensors).toBe(before);
}

function formatErrorFrom(read: () => unknown): KerasH5FormatError {
  const before = tf.memory().numTensors;
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(KerasH5FormatError);
    expect(tf.memory().numTensors).toBe(before);
    return error as KerasH5FormatError;
  }
  throw new Error('the read succeeded');
}

describe('readKerasH5Weights on a save_weights() file', () => {
  const bytes = fixture('save-weights.h5');

  it('names every weight <layer>/<weight>, in the file order, skipping layers without weights', () => {
    withWeights(bytes, { source: 'save-weights.h5' }, (weights) => {
      expect(Object.keys(weights)).toEqual([
        'Conv1/kernel',
        'bn_Conv1/gamma',
        'bn_Conv1/beta',
        'bn_Conv1/moving_mean',
        'bn_Conv1/moving_variance',
        'predictions/kernel',
        'predictions/bias',
      ]);
    });
  });

  it('gives float32 tensors with the stored shapes and values', () => {
    withWeights(bytes, { source: 'save-weights.h5' }, (weights) => {
      const kernel = weights['Conv1/kernel'];
      expect(kernel?.shape).toEqual([3, 3, 3, 4]);
      expect(kernel?.dtype).toBe('float32');
      expect(Array.from(kernel?.dataSync() ?? [])).toEqual(series(1, 108));
      expect(Array.from(weights['bn_Conv1/moving_mean']?.dataSync() ?? [])).toEqual(series(300, 4));
      expect(weights['predictions/kernel']?.arraySync()).toEqual([
        [-1, -0.5],
        [0, 0.5],
        [1, 1.5],
        [2, 2.5],
      ]);
    });
  });

  it('reads bytes that are a view into a larger buffer', () => {
    const padded = new Uint8Array(bytes.length + 9);
    padded.set(bytes, 5);
    withWeights(padded.subarray(5, 5 + bytes.length), { source: 'view' }, (weights) => {
      expect(Array.from(weights['predictions/bias']?.dataSync() ?? [])).toEqual([7, 7.5]);
    });
  });
});

describe('readKerasH5Weights on a model.save() file with a nested model', () => {
  const bytes = fixture('save-model-nested.h5');

  it('reads model_weights, keeps inner layer names and skips the optimizer state', () => {
    withWeights(bytes, { source: 'save-model-nested.h5' }, (weights) => {
      expect(Object.keys(weights)).toEqual([
        'Conv1/kernel',
        'bn_Conv1/gamma',
        'bn_Conv1/beta',
        'bn_Conv1/moving_mean',
        'bn_Conv1/moving_variance',
        'dense_head/kernel',
        'dense_head/bias',
      ]);
      expect(Array.from(weights['bn_Conv1/moving_variance']?.dataSync() ?? [])).toEqual(series(400, 4));
    });
  });

  it('reads a chunked, gzip-compressed dataset', () => {
    withWeights(bytes, { source: 'save-model-nested.h5' }, (weights) => {
      expect(weights['dense_head/kernel']?.shape).toEqual([4, 2]);
      expect(Array.from(weights['dense_head/kernel']?.dataSync() ?? [])).toEqual(series(-1, 8));
    });
  });

  it('reads only the top-level layers the `layers` option names', () => {
    withWeights(bytes, { source: 'save-model-nested.h5', layers: ['model_base'] }, (weights) => {
      expect(Object.keys(weights)).toHaveLength(5);
      expect(weights['dense_head/kernel']).toBeUndefined();
      expect(weights['Conv1/kernel']?.shape).toEqual([3, 3, 3, 4]);
    });
  });

  it('rejects a layer name the file does not have, listing those it has', () => {
    const read = () => readKerasH5Weights(bytes, { source: 'x.h5', layers: ['model_base', 'mobilenet'] });
    expect(read).toThrow(InvalidArgumentError);
    expect(read).toThrow(/no top-level layer named 'mobilenet'.*model_base, dense_head/);
  });
});

describe('readKerasH5Weights on other layouts Keras writes', () => {
  it('reads Keras 3 names (variable paths without :0) and converts float64 to float32', () => {
    withWeights(fixture('keras3-model.h5'), { source: 'keras3-model.h5' }, (weights) => {
      expect(Object.keys(weights)).toEqual(['dense/kernel', 'dense/bias']);
      expect(weights['dense/kernel']?.dtype).toBe('float32');
      expect(weights['dense/kernel']?.shape).toEqual([3, 2]);
      expect(Array.from(weights['dense/kernel']?.dataSync() ?? [])).toEqual(series(5, 6));
    });
  });

  it('refuses weights whose names collide unless one layer is picked', () => {
    const bytes = fixture('duplicate-names.h5');
    const error = formatErrorFrom(() => readKerasH5Weights(bytes, { source: 'dup.h5' }));
    expect(error.reason).toMatch(/layers 'model_a' and 'model_b' both hold a weight named 'dense\/kernel'/);
    expect(error.message).toMatch(/`layers` option/);
    withWeights(bytes, { source: 'dup.h5', layers: ['model_b'] }, (weights) => {
      expect(Array.from(weights['dense/kernel']?.dataSync() ?? [])).toEqual(series(3, 4));
    });
  });
});

describe('readKerasH5Weights on files it cannot read', () => {
  it('says when an HDF5 file has no Keras weights in it', () => {
    const error = formatErrorFrom(() => readKerasH5Weights(fixture('not-keras.h5'), { source: 'data.h5' }));
    expect(error.source).toBe('data.h5');
    expect(error.reason).toMatch(/not a Keras weights file.*holds measurements/);
  });

  it('explains that a Keras 3 .weights.h5 file has no weight names', () => {
    const error = formatErrorFrom(() => readKerasH5Weights(fixture('keras3-weights.h5'), { source: 'm.weights.h5' }));
    expect(error.reason).toMatch(/Keras 3 `.weights.h5` file/);
    expect(error.message).toMatch(/model\.save\("x\.h5"\)/);
  });

  it('names a listed weight that has no dataset', () => {
    const error = formatErrorFrom(() => readKerasH5Weights(fixture('missing-dataset.h5'), { source: 'm.h5' }));
    expect(error.reason).toMatch(/layer 'dense' lists weight 'dense\/bias:0' but \/dense has no dataset/);
  });

  it('rejects bytes that are not HDF5 and files that are cut short', () => {
    expect(formatErrorFrom(() => readKerasH5Weights(new Uint8Array([1, 2, 3]), { source: 'junk' })).reason).toMatch(/not an HDF5 file/);
    const whole = fixture('save-weights.h5');
    for (const length of [8, 100, 2048, Math.floor(whole.length / 2), whole.length - 4]) {
      expect(formatErrorFrom(() => readKerasH5Weights(whole.subarray(0, length), { source: 'part.h5' })).reason).toMatch(/cut short/);
    }
  });

  it('turns a parser failure on damaged metadata into a KerasH5FormatError', () => {
    const damaged = fixture('save-weights.h5');
    damaged.fill(0xff, 96, 1200);
    const error = formatErrorFrom(() => readKerasH5Weights(damaged, { source: 'damaged.h5' }));
    expect(error.reason).toMatch(/could not be read/);
    expect(error.cause).toBeDefined();
  });

  it('rejects an argument that is not a Uint8Array', () => {
    const notBytes = new ArrayBuffer(8) as unknown as Uint8Array;
    expect(() => readKerasH5Weights(notBytes, { source: 'x.h5' })).toThrow(InvalidArgumentError);
    expect(() => readKerasH5Weights(notBytes, { source: 'x.h5' })).toThrow(/must be a Uint8Array.*ArrayBuffer/);
  });
});
