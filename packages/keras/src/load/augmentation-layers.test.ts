import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeInput } from '../testing/probe-input.js';
import { loadKerasModel } from './load-keras-model.js';

const recorded = JSON.parse(readFileSync(new URL('../../fixtures/augmentation.json', import.meta.url), 'utf8')) as {
  keras_version: string;
  configs: Record<string, Record<string, unknown>>;
  predict: number[];
};
const file = new Uint8Array(readFileSync(new URL('../../fixtures/augmentation.keras', import.meta.url)));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe(`Keras's augmentation layers in a .keras file Keras ${recorded.keras_version} wrote`, () => {
  it('load with their options, predict as Keras at inference, and augment while training', async () => {
    const before = tf.memory().numTensors;
    const model = await loadKerasModel(file, { name: 'augmentation.keras' });
    for (const [name, config] of Object.entries(recorded.configs)) {
      const ours = Object.fromEntries(Object.entries(model.getLayer(name).getConfig()).map(([key, value]) => [snake(key), value]));
      for (const [key, value] of Object.entries(config)) expect(ours[key], `${name}.${key}`).toEqual(value);
    }
    const x = probeInput([2, 8, 8, 3], 1);
    const [predicted, trained] = tf.tidy(() => [
      (model.predict(x) as tf.Tensor).dataSync(),
      (model.apply(x, { training: true }) as tf.Tensor).dataSync(),
    ]);
    recorded.predict.forEach((value, i) => {
      expect(predicted[i]).toBeCloseTo(value, 5);
    });
    expect(Array.from(trained).some((value, i) => Math.abs(value - (recorded.predict[i] as number)) > 1e-3)).toBe(true);
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
