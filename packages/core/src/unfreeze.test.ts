import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { fit } from './fit.js';
import { summary } from './summary.js';
import { unfreeze } from './unfreeze.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** input -> conv1 -> bn1 -> relu -> conv2 -> bn2 -> pooling -> dense head, with the base frozen (phase 1). */
function transferLike(): LayersModel {
  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const input = tfl.input({ shape: [6, 6, 3] });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv1', kernelInitializer: seeded(1) }).apply(input) as SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn1' }).apply(x) as SymbolicTensor;
  x = tfl.layers.reLU({ name: 'relu' }).apply(x) as SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv2', kernelInitializer: seeded(2) }).apply(x) as SymbolicTensor;
  x = tfl.layers
    .batchNormalization({ name: 'bn2', movingMeanInitializer: tfl.initializers.randomNormal({ seed: 3 }) })
    .apply(x) as SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as SymbolicTensor;
  const output = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'head', kernelInitializer: seeded(4) })
    .apply(x) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  for (const layer of model.layers) layer.trainable = layer.name === 'head';
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const values = (model: LayersModel, name: string): number[][] =>
  model
    .getLayer(name)
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

describe('unfreeze', () => {
  it('trains from a layer on, keeps BatchNormalization frozen in inference mode, and continues the History', async () => {
    const before = tf.memory().numTensors;
    const model = transferLike();
    const x = tf.randomUniform([12, 6, 6, 3], -1, 1, 'float32', 5);
    const y = tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0]);
    const first = await fit(model, x, y, { epochs: 2, batchSize: 4, seed: 1, verbose: 0 });

    const result = unfreeze(model, { from: 'conv2' });
    // conv2 (4*3*3*4 + 4 = 148) and the head (4*2 + 2 = 10) train; bn2's gamma and beta do not.
    expect(result).toEqual({ trainableLayers: 3, trainableParams: 158, nonTrainableParams: 112 + 16 + 16 });
    expect(model.getLayer('bn2').trainable).toBe(false);
    const conv1 = values(model, 'conv1');
    const conv2 = values(model, 'conv2');
    const bn2 = values(model, 'bn2');
    const firstOptimizer = model.optimizer;
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const lines: string[] = [];
    const second = await fit(model, x, y, {
      epochs: 4,
      initialEpoch: first.epoch.length,
      batchSize: 4,
      seed: 1,
      verbose: 2,
      print: (line) => lines.push(line),
    });

    expect(second.epoch).toEqual([2, 3]);
    expect(lines.filter((line) => line.startsWith('Epoch '))).toEqual(['Epoch 3/4', 'Epoch 4/4']);
    expect(values(model, 'conv1')).toEqual(conv1);
    expect(values(model, 'bn2')).toEqual(bn2); // gamma, beta and the moving statistics
    expect(values(model, 'conv2')).not.toEqual(conv2);
    tf.dispose([x, y]);
    firstOptimizer.dispose();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets BatchNormalization train when told, and takes an index', async () => {
    const model = transferLike();
    const result = unfreeze(model, { from: 4, batchNormalization: 'trainable' });
    expect(model.layers[4]?.name).toBe('conv2');
    expect(model.getLayer('bn2').trainable).toBe(true);
    expect(model.getLayer('bn1').trainable).toBe(false);
    expect(result.trainableParams).toBe(158 + 8);
    model.optimizer.dispose();
    model.dispose();
  });

  it('shows Keras’s Trainable column in the summary', () => {
    const model = transferLike();
    unfreeze(model, { from: 'conv2' });
    const lines = summary(model, { showTrainable: true, print: () => undefined }).split('\n');
    expect(lines[2]).toMatch(/^Layer \(type\) +Output Shape +Param # +Trainable +$/);
    expect(lines[2]).toHaveLength(76);
    const row = (name: string) =>
      lines
        .find((line) => line.startsWith(`${name} (`))
        ?.trimEnd()
        .at(-1);
    expect(['conv1', 'bn1', 'conv2', 'bn2', 'head'].map(row)).toEqual(['N', 'N', 'Y', 'N', 'Y']);
    model.optimizer.dispose();
    model.dispose();
  });

  it('says which layers exist when the name or index is wrong', () => {
    const model = transferLike();
    expect(() => unfreeze(model, { from: 'block_16' })).toThrow(InvalidArgumentError);
    expect(() => unfreeze(model, { from: 99 })).toThrow(/from 0 to 7/);
    model.optimizer.dispose();
    model.dispose();
  });
});
