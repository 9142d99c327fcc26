import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { parseImageNetClassIndex } from './imagenet-class-index.js';
import type { ImageNetClassIndex } from './imagenet-class-index.js';
import { MobileNetV2 } from './mobilenet-v2.js';

function syntheticClassIndex(): ImageNetClassIndex {
  const entries: Record<string, [string, string]> = {};
  for (let i = 0; i < 1000; i++) entries[String(i)] = [`n${String(i).padStart(8, '0')}`, `class_${i}`];
  return parseImageNetClassIndex(entries, 'synthetic');
}

describe('classify called many times', () => {
  let model: LayersModel;
  const classIndex = syntheticClassIndex();

  beforeAll(async () => {
    const platform = createNodePlatform({ offline: true });
    await platform.initBackend();
    setPlatform(platform);
    model = await MobileNetV2({ weights: null, alpha: 0.35, inputShape: [96, 96, 3] });
  });

  afterAll(() => {
    model?.dispose();
    clearPlatform();
  });

  it('leaks no tensor over 100 calls, and gives the same answer each time', async () => {
    const image = tf.tidy(() => tf.randomUniform([1, 96, 96, 3], 0, 255, 'float32', 3) as tf.Tensor4D);
    // The first call may create lasting state (compiled kernels, weight caches); count after it.
    const first = await classify(model, image, { top: 3, classIndex });
    const before = tf.memory().numTensors;
    for (let call = 0; call < 100; call++) {
      const result = await classify(model, image, { top: 3, classIndex });
      expect(result[0]?.map((p) => p.classIndex)).toEqual(first[0]?.map((p) => p.classIndex));
    }
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('leaks nothing when the images do not fit the model', async () => {
    const wrong = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let call = 0; call < 5; call++) await expect(classify(model, wrong, { classIndex })).rejects.toThrow(/96, 96, 3/);
    expect(tf.memory().numTensors).toBe(before);
    wrong.dispose();
  });
});
