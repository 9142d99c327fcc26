import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { KerasH5FormatError } from './errors.js';
import { inspectKerasH5 } from './inspect-keras-h5.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('inspectKerasH5', () => {
  it('describes a save_weights() file: every layer, with or without weights, and no config', () => {
    const contents = inspectKerasH5(fixture('save-weights.h5'), { source: 'w.h5' });
    expect(contents.kind).toBe('weights');
    expect(contents.kerasVersion).toBe('2.4.0');
    expect(contents.backend).toBe('tensorflow');
    expect(contents.modelName).toBeUndefined();
    expect(contents.layers.map((layer) => [layer.name, layer.weights.length, layer.nested])).toEqual([
      ['input_1', 0, false],
      ['Conv1', 1, false],
      ['bn_Conv1', 4, false],
      ['Conv1_relu', 0, false],
      ['predictions', 2, false],
    ]);
    expect(contents.layers[1]?.className).toBeUndefined();
    expect(contents.layers[1]?.weights[0]).toEqual({
      key: 'Conv1/kernel',
      storedName: 'Conv1/kernel:0',
      shape: [3, 3, 3, 4],
      dtype: '<f4',
    });
  });

  it('describes a model.save() file: classes from the config, and which layer is a nested model', () => {
    const contents = inspectKerasH5(fixture('save-model-nested.h5'), { source: 'm.h5' });
    expect(contents.kind).toBe('model');
    expect(contents.modelName).toBe('sequential');
    expect(contents.layers.map((layer) => [layer.name, layer.className, layer.nested])).toEqual([
      ['model_base', 'Functional', true],
      ['dense_head', 'Dense', false],
    ]);
    expect(contents.layers[0]?.weights.map((weight) => weight.key)).toEqual([
      'Conv1/kernel',
      'bn_Conv1/gamma',
      'bn_Conv1/beta',
      'bn_Conv1/moving_mean',
      'bn_Conv1/moving_variance',
    ]);
  });

  it('reports float64 weights as stored and reads no values, so creates no tensors', () => {
    const before = tf.memory().numTensors;
    const contents = inspectKerasH5(fixture('keras3-model.h5'), { source: 'k3.h5' });
    expect(tf.memory().numTensors).toBe(before);
    expect(contents.kerasVersion).toBe('3.5.0');
    expect(contents.layers[0]?.weights.map((weight) => [weight.key, weight.storedName, weight.dtype])).toEqual([
      ['dense/kernel', 'sequential/dense/kernel', '<f8'],
      ['dense/bias', 'sequential/dense/bias', '<f8'],
    ]);
  });

  it('fails as the reader does on a file without Keras weights', () => {
    expect(() => inspectKerasH5(fixture('not-keras.h5'), { source: 'n.h5' })).toThrow(KerasH5FormatError);
  });
});
