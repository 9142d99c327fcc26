import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatform, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MobileNetV2 } from '../mobilenet-v2.js';
import { preprocessInput } from '../preprocess-input.js';
import type { InferenceModel } from './inference-model.js';
import { optimizeForInference } from './optimize-for-inference.js';

const shared = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const models = resolve(shared, 'models');
const photos = resolve(models, 'test-images-coral');

async function loadPhoto(name: string): Promise<tf.Tensor3D> {
  const platform = getPlatform();
  const pixels = await platform.decodeImage(await platform.readBytes(resolve(photos, name)));
  const resized = tf.image.resizeBilinear(pixels, [224, 224], false, true);
  pixels.dispose();
  return resized;
}

describe.skipIf(!existsSync(models))(`the optimized ImageNet MobileNetV2 on the default Node backend${!existsSync(models) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  let backend: string;

  beforeAll(async () => {
    const platform = createNodePlatform({ offline: true });
    backend = (await platform.initBackend()).selected;
    setPlatform(platform);
  });
  afterAll(() => clearPlatform());

  it('gives the probabilities of model.predict within 1e-4 and the recorded classes, leaving no tensor', async () => {
    expect(['wasm', 'cpu']).toContain(backend);
    const tensorsBefore = tf.memory().numTensors;
    const model: LayersModel = await MobileNetV2({ weights: resolve(models, 'mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json') });
    const fast: InferenceModel = optimizeForInference(model);
    const decoded = await Promise.all(['cat.bmp', 'grace_hopper.bmp'].map(loadPhoto));
    const images = tf.tidy(() => preprocessInput(tf.concat([tf.stack(decoded), tf.randomUniform([2, 224, 224, 3], 0, 255, 'float32', 11)]) as tf.Tensor4D));
    tf.dispose(decoded);
    const expected = model.predict(images) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const actual = fast.predict(images);
    expect(tf.memory().numTensors).toBe(before + 1);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!);
    expect(difference).toBeLessThan(1e-4);
    const top = tf.tidy(() => Array.from(tf.argMax(actual, 1).dataSync()));
    expect(top.slice(0, 2)).toEqual([285, 652]);
    tf.dispose([expected, actual, images]);
    fast.dispose();
    model.dispose();
    expect(tf.memory().numTensors, 'tensors left once both models are disposed').toBe(tensorsBefore);
  });
});
