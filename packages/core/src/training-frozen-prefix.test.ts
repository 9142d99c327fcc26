import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setInferencePlanner } from './inference-planner.js';
import {
  disposeWithOptimizer as dispose,
  maxDifference,
  transferLikeModel as transferLike,
  transferLikeData,
  weightValues,
} from './testing/transfer-like-model.js';
import { planFrozenPrefix } from './training-frozen-prefix.js';
import { trainModelWith } from './training-loop.js';

let before = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

describe('planFrozenPrefix', () => {
  it('ends the prefix at the tensor the first trainable layers read, and the tail rebuilds the model’s output', () => {
    const model = transferLike();
    const prefix = planFrozenPrefix(model, 3);
    expect(prefix?.boundary.map((t) => t.sourceLayer.name)).toEqual(['pool']);
    const x = tf.randomUniform([7, 6, 6, 3], -1, 1, 'float32', 4);
    const difference = tf.tidy(() => {
      const features = prefix?.run(x) ?? [];
      expect(features[0]?.shape).toEqual([7, 4]);
      const split = prefix?.applyTail(features, { training: false }) as tf.Tensor;
      return tf.max(tf.abs(tf.sub(split, model.predict(x) as tf.Tensor))).dataSync()[0];
    });
    expect(difference).toBeLessThan(1e-6);
    x.dispose();
    dispose(model);
  });

  it('finds nothing to split when nothing is frozen or everything is frozen', () => {
    const unfrozen = transferLike({ freeze: false });
    expect(planFrozenPrefix(unfrozen)).toBeUndefined();
    unfrozen.trainable = false;
    expect(planFrozenPrefix(unfrozen)).toBeUndefined();
    dispose(unfrozen);
    // Only weightless layers before the first trainable one: nothing worth running apart.
    const plain = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] }), tfl.layers.dense({ units: 2 })] });
    expect(planFrozenPrefix(plain)).toBeUndefined();
    plain.dispose();
  });

  it('leaves Dropout, which acts differently while training, to the trainable part', () => {
    const withDropout = transferLike({ dropout: true });
    const prefix = planFrozenPrefix(withDropout);
    expect(prefix?.boundary.map((tensor) => tensor.sourceLayer.name)).toEqual(['relu']);
    expect(prefix?.model.layers.map((layer) => layer.getClassName())).not.toContain('Dropout');
    dispose(withDropout);
  });

  it('splits a Sequential model with a frozen first layer', () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 3, inputShape: [2], activation: 'relu', trainable: false }), tfl.layers.dense({ units: 1 })],
    });
    expect(planFrozenPrefix(model)?.boundary).toHaveLength(1);
    model.dispose();
  });
});

describe('training with a frozen prefix', () => {
  const data = transferLikeData;

  it('gives the loss, metrics and weights of the whole model under the tape, and leaves frozen weights unchanged', async () => {
    const { x, y } = data();
    const validationData = [tf.slice(x, 0, 5), tf.slice(y, 0, 5)] as const;
    const options = { epochs: 3, batchSize: 8, seed: 7, validationData };
    const split = transferLike();
    const whole = transferLike();
    const frozenBefore = weightValues(split, ['conv', 'bn']);
    const trainableBefore = weightValues(split, ['hidden', 'head']);
    expect(maxDifference(weightValues(whole, ['conv', 'bn', 'hidden', 'head']), [...frozenBefore, ...trainableBefore])).toBe(0);

    const splitLogs = await trainModelWith(split, x, y, options, 'tape');
    const wholeLogs = await trainModelWith(whole, x, y, options, 'whole-tape');

    expect(splitLogs).toHaveLength(3);
    splitLogs.forEach((logs, epoch) => {
      for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy'])
        expect(logs[name], `${name} ${epoch}`).toBeCloseTo(wholeLogs[epoch]?.[name] as number, 6);
    });
    expect(maxDifference(weightValues(split, ['hidden', 'head']), weightValues(whole, ['hidden', 'head']))).toBeLessThan(1e-6);
    expect(maxDifference(weightValues(split, ['hidden', 'head']), trainableBefore)).toBeGreaterThan(1e-3);
    expect(maxDifference(weightValues(split, ['conv', 'bn']), frozenBefore)).toBe(0);
    tf.dispose([x, y, ...validationData]);
    dispose(split);
    dispose(whole);
  });

  it('trains a model with Dropout after its frozen layers: the Dropout runs in the taped part, in training mode, as in Keras', async () => {
    const { x, y } = data();
    const model = transferLike({ dropout: true });
    const frozenBefore = weightValues(model, ['conv', 'bn']);
    const [logs] = await trainModelWith(model, x, y, { epochs: 1, batchSize: 8, seed: 1 }, 'tape');
    expect(logs?.loss).toBeGreaterThan(0);
    expect(maxDifference(weightValues(model, ['conv', 'bn']), frozenBefore)).toBe(0);
    tf.dispose([x, y]);
    dispose(model);
  });

  it('runs the frozen prefix through a registered inference plan, awaiting it when the engine is asynchronous', async () => {
    const { x, y } = data();
    const options = { epochs: 2, batchSize: 8, seed: 3 };
    const planned = transferLike();
    const layers = transferLike();
    const calls = { predict: 0, run: 0 };
    // A plan as an engine would give it: the frozen part's own predict, behind a promise.
    setInferencePlanner(planned, (part, batchSize) => ({
      predict: (batch) => {
        calls.predict += 1;
        return part.predict(batch, { batchSize }) as tf.Tensor;
      },
      run: async (batch) => {
        calls.run += 1;
        await Promise.resolve();
        return part.predict(batch, { batchSize }) as tf.Tensor;
      },
      dispose: () => undefined,
    }));
    const plannedLogs = await trainModelWith(planned, x, y, options, 'tape');
    const layerLogs = await trainModelWith(layers, x, y, options, 'tape');
    // 20 samples in batches of 8: 3 steps per epoch, each awaiting the engine.
    expect(calls.run).toBe(6);
    plannedLogs.forEach((logs, epoch) => {
      expect(logs.loss).toBeCloseTo(layerLogs[epoch]?.loss as number, 6);
    });
    expect(maxDifference(weightValues(planned, ['hidden', 'head']), weightValues(layers, ['hidden', 'head']))).toBeLessThan(1e-6);
    tf.dispose([x, y]);
    dispose(planned);
    dispose(layers);
  });
});
