import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MobileNetV2 } from '../mobilenet-v2.js';
import { namedWeightsOf } from '../testing/export-weights.js';
import { createFilePlatform } from '../testing/file-platform.js';

const shared = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const models = resolve(shared, 'models');
const kerasH5 = resolve(models, 'teachable-machine-keras-h5/keras_model.h5');
const tfjsNoTop = resolve(models, 'mobilenet_v2_0.35_224_no_top-imagenet-tfjs-layers-float32/model.json');

describe.skipIf(!existsSync(models))(`MobileNetV2 with a Keras .h5 weights file${!existsSync(models) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setPlatform(createFilePlatform({ readFile: async (path) => new Uint8Array(await readFile(path)) }));
  });
  afterAll(() => clearPlatform());

  it("loads the base of a Teachable Machine Keras export by name, equal to the TF.js export's base", async () => {
    const tensorsBefore = tf.memory().numTensors;
    const fromH5 = await MobileNetV2({ alpha: 0.35, includeTop: false, weights: kerasH5 });
    const fromJson = await MobileNetV2({ alpha: 0.35, includeTop: false, weights: tfjsNoTop });
    try {
      const h5Weights = namedWeightsOf(fromH5);
      const jsonWeights = namedWeightsOf(fromJson);
      expect(Object.keys(h5Weights)).toHaveLength(260);
      const largest = tf.tidy(() => Math.max(...Object.keys(h5Weights).map((name) => tf.max(tf.abs(tf.sub(h5Weights[name]!, jsonWeights[name]!))).dataSync()[0] ?? Infinity)));
      expect(largest).toBeLessThan(1e-6);
    } finally {
      fromH5.dispose();
      fromJson.dispose();
    }
    expect(tf.memory().numTensors, 'tensors left once both models are disposed').toBe(tensorsBefore);
  });
});
