import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fit, InvalidArgumentError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { type ImageDataset, imageDatasetFromDirectory, stratifiedSplit } from '@dendrite/data';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { preprocessInput } from '../preprocess-input.js';
import { encodeBmp24 } from '../testing/bmp.js';
import { transferClassNames } from './class-names.js';
import { transferLearn } from './transfer-learn.js';
import { transferModel } from './transfer-model.js';

let before = 0;
let dataset: ImageDataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => {
  before = tf.memory().numTensors;
  const root = mkdtempSync(join(tmpdir(), 'dendrite-transfer-learn-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  setPlatform(createNodePlatform({ cacheDir: join(root, 'cache'), output: { write: () => true } }));
  for (const [label, name] of ['dark', 'light'].entries()) {
    mkdirSync(join(root, name));
    for (let i = 0; i < 4; i++) {
      const rgb = Array.from({ length: 16 * 16 * 3 }, (_, k) => (label * 160 + ((k * (i + 3)) % 90)) % 256);
      writeFileSync(join(root, name, `${i}.bmp`), encodeBmp24(16, 16, rgb));
    }
  }
  dataset = await imageDatasetFromDirectory(root, { shuffle: false });
});
afterEach(() => {
  clearPlatform();
  expect(tf.memory().numTensors).toBe(before);
});

/** Two bases with the same random weights. */
function twinBases(): [LayersModel, LayersModel] {
  const build = () => buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: false, pooling: 'avg' });
  const first = build();
  const second = build();
  second.setWeights(first.getWeights());
  return [first, second];
}

describe('transferLearn', () => {
  it('trains the same model the fast way and the Keras way, validating every epoch', async () => {
    const { train, validation } = stratifiedSplit(dataset, { validation: { lastPerClass: 1 } });
    const [baseA, baseB] = twinBases();
    const options = { epochs: 3, batchSize: 4, seed: 2, verbose: 0, validation } as const;
    const fast = await transferLearn(baseA, train, { ...options, mode: 'fast' });
    const keras = await transferLearn(baseB, train, { ...options, mode: 'keras' });
    expect(fast.classNames).toEqual(['dark', 'light']);
    expect(transferClassNames(fast.model)).toEqual(['dark', 'light']);
    expect(fast.history.history.val_accuracy).toHaveLength(3);
    const weights = (model: LayersModel) => model.layers.at(-1)?.getWeights()[0]?.dataSync() ?? new Float32Array();
    const [a, b] = [weights(fast.model), weights(keras.model)];
    expect(Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? Number.NaN))))).toBeLessThan(1e-5);
    for (const [name, values] of Object.entries(fast.history.history)) {
      keras.history.history[name]?.forEach((value, epoch) => {
        expect(value).toBeCloseTo(values[epoch] ?? Number.NaN, 4);
      });
    }
    fast.model.dispose();
    keras.model.dispose();
  });

  it('fit streams an ImageDataset batch by batch, as it trains on the same images loaded into tensors', async () => {
    const [baseA, baseB] = twinBases();
    const streamed = transferModel(baseA, { classNames: dataset.classNames, seed: 4 });
    const loaded = transferModel(baseB, { classNames: dataset.classNames, seed: 4 });
    const options = { epochs: 2, batchSize: 3, shuffle: false, verbose: 0 } as const;
    const streamedHistory = await fit(streamed, dataset, { ...options, preprocess: preprocessInput, validationData: dataset });
    const { xs, ys } = await dataset.load({ size: [32, 32], preprocess: preprocessInput });
    const loadedHistory = await fit(loaded, xs, ys, { ...options, validationData: [xs, ys] });
    const weights = (model: LayersModel) => model.layers.at(-1)?.getWeights()[0]?.dataSync() ?? new Float32Array();
    const [a, b] = [weights(streamed), weights(loaded)];
    expect(Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? Number.NaN))))).toBeLessThan(1e-6);
    for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
      loadedHistory.history[name]?.forEach((value, epoch) => {
        expect(streamedHistory.history[name]?.[epoch], name).toBeCloseTo(value, 5);
      });
    }
    tf.dispose([xs, ys]);
    streamed.dispose();
    loaded.dispose();
  });

  it('refuses validation images with other classes, and an unknown mode', async () => {
    const [baseA, baseB] = twinBases();
    const other = await imageDatasetFromDirectory(dataset.examples[0]?.name.replace(/\/dark\/.*$/, '') ?? '', { shuffle: false });
    const renamed = { ...other, classNames: ['a', 'b'] } as unknown as ImageDataset;
    await expect(transferLearn(baseA, dataset, { validation: renamed })).rejects.toThrow(InvalidArgumentError);
    await expect(transferLearn(baseA, dataset, { mode: 'slow' as 'fast' })).rejects.toThrow(/'fast' or 'keras'/);
    baseA.dispose();
    baseB.dispose();
  });
});
