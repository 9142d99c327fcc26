import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeInput } from '../testing/probe-input.js';
import { loadKerasModel } from './load-keras-model.js';

// tutorial.h5 and tutorial-h5.json are written by real Keras (fixtures/make-tutorial-h5-fixture.py):
// the tutorial's model of tutorial.keras, saved in Keras 3's legacy full-model .h5 format.
interface Recorded {
  readonly keras_version: string;
  readonly size: number;
  readonly layers: readonly string[];
  readonly predict: readonly number[];
}
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/tutorial-h5.json', import.meta.url), 'utf8')) as Recorded;
const file = new Uint8Array(readFileSync(new URL('../../fixtures/tutorial.h5', import.meta.url)));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe(`the TensorFlow MobileNetV2 tutorial's model as a legacy .h5 written by Keras ${recorded.keras_version}`, () => {
  it('loads with its augmentation layers and nested base, and predicts within 1e-4 of Keras', async () => {
    const before = tf.memory().numTensors;
    const model = await loadKerasModel(file, { name: 'tutorial.h5' });
    // TensorFlow.js calls a nested functional model's class Model where Keras 3 says Functional.
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(
      recorded.layers.map((name) => (name === 'Functional' ? 'Model' : name)),
    );
    const augmentation = model.getLayer('data_augmentation') as LayersModel;
    expect(augmentation.layers.map((layer) => layer.getClassName())).toEqual(['RandomFlip', 'RandomRotation']);
    const predicted = tf.tidy(() => {
      const pixels = tf.mul(tf.add(probeInput([3, recorded.size, recorded.size, 3], 1), 1), 127.5);
      return (model.predict(pixels) as tf.Tensor).dataSync();
    });
    const difference = recorded.predict.reduce((worst, value, i) => Math.max(worst, Math.abs((predicted[i] ?? Number.NaN) - value)), 0);
    console.log(`tutorial.h5: max |Dendrite - Keras| = ${difference.toExponential(2)}`);
    expect(predicted.length).toBe(recorded.predict.length);
    expect(difference).toBeLessThan(1e-4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
