import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseClassifier } from './dense-classifier.js';
import { InvalidArgumentError, InvalidDataError } from './errors.js';
import { checkTrainingData, checkTrainingNumbers } from './fit-validation.js';

let model: tfl.Sequential;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = denseClassifier({ seed: 1 });
});
afterAll(() => model.dispose());

describe('checkTrainingNumbers', () => {
  it('accepts the course settings', () => {
    expect(() => checkTrainingNumbers({ epochs: 10, batchSize: 32, validationSplit: 0.1 })).not.toThrow();
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects epochs = %s with a fix', (epochs) => {
    expect(() => checkTrainingNumbers({ epochs, batchSize: 32, validationSplit: 0 })).toThrow(InvalidArgumentError);
    expect(() => checkTrainingNumbers({ epochs, batchSize: 32, validationSplit: 0 })).toThrow(/epochs.*positive integer.*Pass epochs/);
  });

  it('rejects a batch size of 0 and a validation split of 1', () => {
    expect(() => checkTrainingNumbers({ epochs: 1, batchSize: 0, validationSplit: 0 })).toThrow(/batchSize/);
    expect(() => checkTrainingNumbers({ epochs: 1, batchSize: 8, validationSplit: 1 })).toThrow(/validationSplit/);
  });
});

describe('checkTrainingData', () => {
  function check(x: number[][], y: number[]): void {
    tf.tidy(() => checkTrainingData(model, tf.tensor2d(x), tf.tensor1d(y)));
  }

  it('accepts labels 0 and 1 for two output units', () => {
    expect(() => check([[0.1], [0.9]], [0, 1])).not.toThrow();
  });

  it('rejects x and y of different lengths, naming both counts', () => {
    expect(() => check([[0.1], [0.9], [0.5]], [0, 1])).toThrow(InvalidDataError);
    expect(() => check([[0.1], [0.9], [0.5]], [0, 1])).toThrow(/2 labels but x has 3 samples/);
  });

  it('rejects labels out of range for the output layer', () => {
    expect(() => check([[0.1], [0.9]], [0, 2])).toThrow(/labels must be whole numbers from 0 to 1 .* range from 0 to 2/);
    expect(() => check([[0.1], [0.9]], [0, -1])).toThrow(InvalidDataError);
    expect(() => check([[0.1], [0.9]], [0, 0.5])).toThrow(InvalidDataError);
  });

  it('rejects NaN in x or y', () => {
    expect(() => check([[Number.NaN], [0.9]], [0, 1])).toThrow(/x: it contains NaN/);
    expect(() => check([[0.1], [0.9]], [Number.NaN, 1])).toThrow(/y: it contains NaN/);
  });

  it('rejects samples of the wrong shape', () => {
    expect(() => check([[0.1, 0.2]], [0])).toThrow(/shape \[2\] but the model's input takes \[1\]/);
  });

  it('rejects a model that was never compiled', () => {
    const raw = denseClassifier({ compile: false });
    expect(() => tf.tidy(() => checkTrainingData(raw, tf.tensor2d([[0.1]]), tf.tensor1d([0])))).toThrow(/compile/);
    raw.dispose();
  });

  it('leaves no tensor behind, passing or failing', () => {
    const x = tf.tensor2d([[0.1], [0.9]]);
    const y = tf.tensor1d([0, 3]);
    const before = tf.memory().numTensors;
    expect(() => checkTrainingData(model, x, y)).toThrow();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
