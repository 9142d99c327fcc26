import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { WeightsMismatchError } from '../errors.js';
import { createFilePlatform } from '../testing/file-platform.js';
import { loadLayersModelJsonWeights } from './layers-model-json.js';

const shared = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const models = resolve(shared, 'models');
const full = resolve(models, 'mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const noTop = resolve(models, 'mobilenet_v2_1.0_224_no_top-imagenet-tfjs-layers-float32/model.json');
const small = resolve(models, 'mobilenet_v2_0.35_224_no_top-imagenet-tfjs-layers-float32/model.json');

const readBytes = async (path: string) => new Uint8Array(await readFile(path));

/** The same files loaded by TF.js itself, with their own (older, Conv1_pad) topology. */
async function loadWithTfjs(modelJson: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(await readFile(modelJson, 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
  const folder = resolve(modelJson, '..');
  const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths).map((path) => readBytes(resolve(folder, path))));
  const weightData = tf.io.concatenateArrayBuffers(shards.map((shard) => shard.slice().buffer));
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}

describe.skipIf(!existsSync(models))(`loading the shared TF.js MobileNetV2 weights by name${!existsSync(models) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setPlatform(createFilePlatform({ readFile: readBytes }));
  });
  afterAll(() => clearPlatform());
  // Every test disposes what it builds: the leak check is part of each test, not a hook after them.
  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  const expectNoTensorLeft = (): void => expect(tf.memory().numTensors, 'tensors left once the models are disposed').toBe(tensorsBefore);

  it('fills the full 1.0/224 model from the uint8-quantized classifier', async () => {
    const model = buildMobileNetV2();
    try {
      expect(await loadLayersModelJsonWeights(model, full)).toEqual({ assigned: 262, unused: [] });
      const kernel = model.getLayer('predictions').getWeights()[0];
      expect(kernel?.shape).toEqual([1280, 1000]);
      expect(tf.tidy(() => tf.max(tf.abs(kernel!)).dataSync()[0])).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
    expectNoTensorLeft();
  });

  it('fills the no-top 1.0 model, whose features equal those of the file loaded by TF.js', async () => {
    const model = buildMobileNetV2({ includeTop: false });
    const reference = await loadWithTfjs(noTop);
    try {
      expect(await loadLayersModelJsonWeights(model, noTop)).toEqual({ assigned: 260, unused: [] });
      const difference = tf.tidy(() => {
        const input = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 7);
        const ours = model.predict(input) as tf.Tensor;
        const theirs = reference.predict(input) as tf.Tensor;
        expect(ours.shape).toEqual([1, 7, 7, 1280]);
        return tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0];
      });
      expect(difference).toBeLessThan(1e-4);
    } finally {
      model.dispose();
      reference.dispose();
    }
    expectNoTensorLeft();
  });

  it('fills the no-top 0.35 model, and refuses it for alpha 1.0 naming Conv1', async () => {
    const model = buildMobileNetV2({ alpha: 0.35, includeTop: false });
    const wrong = buildMobileNetV2({ alpha: 1.0, includeTop: false });
    try {
      expect(await loadLayersModelJsonWeights(model, small)).toEqual({ assigned: 260, unused: [] });
      const loading = loadLayersModelJsonWeights(wrong, small);
      await expect(loading).rejects.toThrow(WeightsMismatchError);
      await expect(loading).rejects.toMatchObject({ source: small, layer: 'Conv1', expectedShape: [3, 3, 3, 32], actualShape: [3, 3, 3, 16] });
    } finally {
      model.dispose();
      wrong.dispose();
    }
    expectNoTensorLeft();
  });

  it('takes the base of the full model into a model without the top, listing the classifier as unused', async () => {
    const model = buildMobileNetV2({ includeTop: false, pooling: 'avg' });
    try {
      expect(await loadLayersModelJsonWeights(model, full)).toEqual({ assigned: 260, unused: ['predictions/kernel', 'predictions/bias'] });
    } finally {
      model.dispose();
    }
    expectNoTensorLeft();
  });
});
