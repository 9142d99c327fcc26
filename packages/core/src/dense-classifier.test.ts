import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseClassifier } from './dense-classifier.js';
import { InvalidArgumentError } from './errors.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function weightsOf(model: ReturnType<typeof denseClassifier>): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('denseClassifier', () => {
  it('builds the course network: Dense(8, relu) then Dense(2, softmax), 16 + 18 = 34 parameters', () => {
    const model = denseClassifier({ seed: 1 });
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['Dense', 'Dense']);
    expect(model.layers.map((layer) => layer.countParams())).toEqual([16, 18]);
    expect(model.countParams()).toBe(34);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    expect(model.layers.map((layer) => (layer.getConfig() as { activation?: string }).activation)).toEqual(['relu', 'softmax']);
    expect(model.optimizer?.getClassName()).toBe('Adam');
    model.dispose();
  });

  it('starts from the same weights for the same seed and other weights for another', () => {
    const a = denseClassifier({ seed: 5 });
    const b = denseClassifier({ seed: 5 });
    const c = denseClassifier({ seed: 6 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    [a, b, c].forEach((model) => {
      model.dispose();
    });
  });

  it('frees every tensor it made when disposed', () => {
    const before = tf.memory().numTensors;
    denseClassifier({ seed: 2, inputShape: [3], hiddenUnits: [4, 4], classes: 5 }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects shapes that are not positive integers', () => {
    expect(() => denseClassifier({ classes: 0 })).toThrow(InvalidArgumentError);
    expect(() => denseClassifier({ hiddenUnits: [2.5] })).toThrow(/hiddenUnits/);
  });
});
