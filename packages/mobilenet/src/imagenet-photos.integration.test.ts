import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { imageBatches, loadImage } from '@dendrite/data';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { decodePredictions } from './decode-predictions.js';
import type { ImageNetPrediction } from './decode-predictions.js';
import { loadImageNetClassIndex } from './imagenet-class-index.js';
import type { ImageNetClassIndex } from './imagenet-class-index.js';
import { MobileNetV2 } from './mobilenet-v2.js';
import { preprocessInput } from './preprocess-input.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const shared = resolve(repoRoot, '../shared');
const models = resolve(shared, 'models');
const coral = resolve(models, 'test-images-coral');
const course = resolve(shared, 'data/pythontutorials');
const cats = [
  ...Array.from({ length: 20 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.jpg`),
  ...Array.from({ length: 20 }, (_, i) => `m${String(i + 1).padStart(2, '0')}.jpg`),
].map((name) => resolve(course, 'cats', name));

interface Recorded {
  readonly index: number;
  readonly label: string;
}
type ExpectedTop5 = Record<string, Record<string, Recorded[]>>;

/** Top classes of each image, classified in batches of 10 as they are read. */
async function classifyAll(model: LayersModel, paths: readonly string[], classIndex: ImageNetClassIndex): Promise<ImageNetPrediction[][]> {
  const results: ImageNetPrediction[][] = [];
  // Smoothed (bilinear, computed as Pillow): the references were made with a smoothing resize.
  for await (const batch of imageBatches(paths, { batchSize: 10, size: [224, 224], interpolation: 'bilinear' })) {
    try {
      results.push(...(await classify(model, batch, { top: 5, classIndex })));
    } finally {
      batch.dispose();
    }
  }
  return results;
}

describe.skipIf(!existsSync(models) || !existsSync(course))(`MobileNetV2 1.0 with the shared ImageNet classifier on real photos${!existsSync(models) || !existsSync(course) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  let cacheDir: string;
  // The weights load inside the first test that asks (never in a hook), so a broken load fails each
  // test by name; every test asks, so each stands alone.
  let loaded: Promise<{ model: LayersModel; classIndex: ImageNetClassIndex }> | undefined;
  const loadModel = () =>
    (loaded ??= (async () => ({
      model: await MobileNetV2({ weights: resolve(models, 'mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json') }),
      classIndex: await loadImageNetClassIndex(resolve(models, 'imagenet-labels/imagenet_class_index.json')),
    }))());

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'dendrite-photos-'));
    const platform = createNodePlatform({ cacheDir, offline: true });
    await platform.initBackend();
    setPlatform(platform);
  });

  afterAll(async () => {
    (await loaded?.catch(() => undefined))?.model.dispose();
    clearPlatform();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('puts boef.jpg in class 155, Shih-Tzu, step by step as the course does', async () => {
    const { model, classIndex } = await loadModel();
    const before = tf.memory().numTensors;
    const image = await loadImage(resolve(course, 'boef.jpg'), { size: [224, 224], resizeMode: 'stretch' });
    const predictions = tf.tidy(() => model.predict(preprocessInput(tf.expandDims(image, 0))) as tf.Tensor2D);
    image.dispose();
    expect(predictions.shape).toEqual([1, 1000]);
    const mostActive = tf.tidy(() => tf.argMax(predictions, 1).dataSync()[0]);
    expect(mostActive).toBe(155);
    const [top] = decodePredictions(predictions, { top: 5, classIndex });
    predictions.dispose();
    expect(top?.[0]).toMatchObject({ classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu' });
    expect(top?.[0]?.score).toBeGreaterThan(0.5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the top-1 classes recorded in expected_top5.json for the coral photos', async () => {
    const { model, classIndex } = await loadModel();
    const expected = JSON.parse(await readFile(resolve(coral, 'expected_top5.json'), 'utf8')) as ExpectedTop5;
    const names = ['cat.bmp', 'grace_hopper.bmp', 'bird.bmp', 'sunflower.bmp', 'dragonfly.bmp', 'imprinting/hotdog_train_0.bmp', 'imprinting/hotdog_train_1.bmp', 'imprinting/hotdog_test_0.bmp'];
    const results = await classifyAll(model, names.map((name) => resolve(coral, name)), classIndex);
    names.forEach((name, image) => {
      const recorded = expected[name];
      const keras = recorded?.['tfjs_uint8_full']?.[0];
      // The TFLite lists count the background class as 0, so their index is one more than Keras's.
      const tflite = recorded?.['tflite_quant_sim']?.[0];
      expect(keras, name).toBeDefined();
      expect(tflite?.index, name).toBe((keras?.index ?? Number.NaN) + 1);
      expect({ name, classIndex: results[image]?.[0]?.classIndex, className: results[image]?.[0]?.className }).toEqual({
        name,
        classIndex: keras?.index,
        className: keras?.label,
      });
    });
  });

  it('puts at least 35 of the 40 course cats in a cat class (281-287)', async () => {
    const { model, classIndex } = await loadModel();
    const results = await classifyAll(model, cats, classIndex);
    expect(results).toHaveLength(40);
    const catClasses = results.filter((top) => (top[0]?.classIndex ?? -1) >= 281 && (top[0]?.classIndex ?? -1) <= 287);
    expect(catClasses.length).toBeGreaterThanOrEqual(35);
  });

  it('leaks no tensor over repeated classify calls with the real model', async () => {
    const { model, classIndex } = await loadModel();
    const batch = tf.tidy(() => tf.randomUniform([2, 224, 224, 3], 0, 255, 'float32', 7) as tf.Tensor4D);
    await classify(model, batch, { top: 5, classIndex });
    const before = tf.memory().numTensors;
    const first = await classify(model, batch, { top: 5, classIndex });
    for (let i = 0; i < 3; i++) expect(await classify(model, batch, { top: 5, classIndex })).toEqual(first);
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
  });
});
