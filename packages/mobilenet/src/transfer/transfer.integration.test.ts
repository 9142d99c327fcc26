import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fit } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { type FileNameRule, type ImageDataset, imageDatasetFromExamples, imageDatasetFromFiles, stratifiedSplit } from '@dendrite/data';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { MobileNetV2 } from '../mobilenet-v2.js';
import { preprocessInput } from '../preprocess-input.js';
import { extractFeatures } from './extract-features.js';
import { transferHead } from './transfer-head.js';
import { transferModel } from './transfer-model.js';

const shared = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const cats = resolve(shared, 'data/pythontutorials/cats');
const fullWeights = resolve(shared, 'models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const smallWeights = resolve(shared, 'models/mobilenet_v2_0.35_224_no_top-imagenet-tfjs-layers-float32/model.json');
const imprinting = resolve(shared, 'models/test-images-coral/imprinting');

const headWeights = (model: LayersModel): Float32Array[] =>
  (model.layers.at(-1)?.getWeights() ?? []).map((w) => w.dataSync() as Float32Array);

/** The course's file names: f01..f20 female, m01..m20 male. */
const catsRule: FileNameRule = {
  classNames: ['female', 'male'],
  labelOf: (fileName) => ({ f: 'female', m: 'male' })[/^([fm])\d+\.[a-z]+$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''],
};

/** The fast way: the head alone, on features. */
async function fitOnFeatures(model: LayersModel, features: tf.Tensor, labels: tf.Tensor, options: Parameters<typeof fit>[3]) {
  const head = transferHead(model);
  try {
    return await fit(head, features, labels, options);
  } finally {
    head.dispose();
  }
}
const maxDifference = (a: Float32Array[], b: Float32Array[]): number =>
  Math.max(...a.map((values, i) => Math.max(...values.map((value, j) => Math.abs(value - (b[i]?.[j] ?? Number.NaN))))));
const wasmHeapBytes = (): number => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

describe.skipIf(!existsSync(cats) || !existsSync(fullWeights))(
  `course part 4 with the course’s 40 cats and the shared ImageNet weights${!existsSync(cats) || !existsSync(fullWeights) ? ' (skipped: ../shared is absent)' : ''}`,
  () => {
    let model: LayersModel;
    let dataset: ImageDataset;
    let tensorsBefore = 0;
    // The weights and photos load inside the first test that needs them (never in a hook), so a broken
    // load fails every test by name; each test asks for them and so stands alone.
    let loading: Promise<void> | undefined;
    const loadCourse = (): Promise<void> =>
      (loading ??= (async () => {
        tensorsBefore = tf.memory().numTensors;
        dataset = await imageDatasetFromFiles(cats, catsRule);
        model = transferModel(await MobileNetV2({ weights: fullWeights }), { classNames: dataset.classNames, seed: 1 });
      })());

    let cacheDir = '';
    beforeAll(async () => {
      cacheDir = mkdtempSync(join(tmpdir(), 'dendrite-transfer-'));
      await useNodePlatform({ backend: 'wasm', cacheDir, output: { write: () => true } });
    });
    afterAll(() => {
      clearPlatform();
      if (cacheDir !== '') rmSync(cacheDir, { recursive: true, force: true });
    });

    it('reaches training accuracy >= 0.95 in 20 epochs on all 40 photos (the fast way)', async () => {
      await loadCourse();
      const { features, labels } = await extractFeatures(model, dataset, { cache: true });
      expect(features.shape).toEqual([40, 1280]);
      // Seed 1 (head and batch order): over seeds 1-8, 42 and 43 the last epoch's accuracy was 0.925
      // (seed 42) to 1.0, nine of ten >= 0.95.
      const history = await fitOnFeatures(model, features, labels, { epochs: 20, batchSize: 32, seed: 1, verbose: 0 });
      expect(history.history.accuracy).toHaveLength(20);
      expect(history.history.accuracy?.at(-1)).toBeGreaterThanOrEqual(0.95);
      const predicted = tf.tidy(() => tf.argMax(model.predict(preprocessInput(tf.zeros([1, 224, 224, 3]))) as tf.Tensor, 1).dataSync());
      expect(predicted).toHaveLength(1);
      tf.dispose([features, labels]);
    });

    it('on the 30/10 split, trains to >= 0.95 and reports the validation photos’ own accuracy every epoch', async () => {
      await loadCourse();
      // Every photo's features go into the cache (already there when the test above ran first).
      const all = await extractFeatures(model, dataset, { cache: true });
      tf.dispose([all.features, all.labels]);
      const { train, validation } = stratifiedSplit(dataset, { validation: { lastPerClass: 5 } });
      expect([train.length, validation.length]).toEqual([30, 10]);
      expect(validation.examples.map((example) => example.name.split('/').at(-1))).toEqual([
        'f16.jpg',
        'f17.jpg',
        'f18.jpg',
        'f19.jpg',
        'f20.jpg',
        'm16.jpg',
        'm17.jpg',
        'm18.jpg',
        'm19.jpg',
        'm20.jpg',
      ]);
      model = transferModel(model, { classNames: dataset.classNames, seed: 43 });
      // Every photo's features are cached: no image is decoded again.
      const trainFeatures = await extractFeatures(model, train, { cache: true });
      const validationFeatures = await extractFeatures(model, validation, { cache: true });
      expect(trainFeatures.fromCache + validationFeatures.fromCache).toBe(40);
      const history = await fitOnFeatures(model, trainFeatures.features, trainFeatures.labels, {
        epochs: 20,
        batchSize: 32,
        seed: 42,
        verbose: 0,
        validationData: [validationFeatures.features, validationFeatures.labels],
      });
      expect(history.history.accuracy?.at(-1)).toBeGreaterThanOrEqual(0.95);
      expect(history.history.val_accuracy).toHaveLength(20);
      // The reported validation accuracy is that of the 10 validation photos under the trained head,
      // counted here independently of the training loop.
      const head = model.layers.at(-1)!;
      const correct = tf.tidy(() => {
        const predicted = tf.argMax(head.apply(validationFeatures.features) as tf.Tensor, 1);
        return tf.sum(tf.cast(tf.equal(predicted, tf.cast(validationFeatures.labels, 'int32')), 'int32')).dataSync()[0]!;
      });
      expect(history.history.val_accuracy?.at(-1)).toBeCloseTo(correct / 10, 6);
      tf.dispose([trainFeatures.features, trainFeatures.labels, validationFeatures.features, validationFeatures.labels]);
    });

    it('gives the same head the Keras way (images, every epoch), the fast way, and through the plain course code', async () => {
      await loadCourse();
      // Four female and four male photos, three epochs in batches of four.
      const picked = imageDatasetFromExamples(
        dataset.examples.filter((_, i) => i % 20 < 4),
        { classNames: dataset.classNames },
      );
      const { xs, ys } = await picked.load({ size: [224, 224], preprocess: preprocessInput });
      const options = { epochs: 3, batchSize: 4, seed: 7, verbose: 0 } as const;
      model = transferModel(model, { classNames: dataset.classNames, seed: 11 });
      await fit(model, xs, ys, options);
      const keras = headWeights(model).map((w) => w.slice());

      model = transferModel(model, { classNames: dataset.classNames, seed: 11 });
      const features = await extractFeatures(model, xs);
      await fitOnFeatures(model, features, ys, options);
      expect(maxDifference(headWeights(model), keras)).toBeLessThan(1e-5);

      // The course's code, layer by layer in tfjs-layers, trained by fit (its frozen base through the
      // inference rewrite MobileNetV2 registered, as the base is the same).
      const pooled = model.layers[model.layers.length - 2]?.output as tfl.SymbolicTensor;
      const head = tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 }) });
      const course = tfl.model({ inputs: model.inputs, outputs: head.apply(pooled) as tfl.SymbolicTensor });
      for (const layer of course.layers) layer.trainable = layer === head;
      course.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      await fit(course, xs, ys, options);
      expect(maxDifference(headWeights(course), keras)).toBeLessThan(1e-5);
      head.dispose();
      course.optimizer.dispose();
      tf.dispose([xs, ys, features]);
    });

    it('trains the Keras way at the course’s batch size of 32 on wasm, in bounded memory', async () => {
      await loadCourse();
      const { xs, ys } = await imageDatasetFromExamples(dataset.examples.slice(4, 36), { classNames: dataset.classNames }).load({
        size: [224, 224],
        preprocess: preprocessInput,
      });
      model = transferModel(model, { classNames: dataset.classNames, seed: 5 });
      const history = await fit(model, xs, ys, { epochs: 1, batchSize: 32, seed: 1, verbose: 0 });
      expect(history.history.loss?.[0]).toBeGreaterThan(0);
      if (tf.getBackend() === 'wasm') expect(wasmHeapBytes()).toBeLessThan(2 ** 31);
      tf.dispose([xs, ys]);
    });

    it('leaves no tensor behind (weights, features, training, every head) once the model is disposed', async () => {
      await loadCourse();
      model.dispose();
      loading = undefined;
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    });
  },
);

describe.skipIf(!existsSync(imprinting) || !existsSync(smallWeights))(
  `the coral imprinting photos with the 0.35 feature extractor${!existsSync(imprinting) || !existsSync(smallWeights) ? ' (skipped: ../shared is absent)' : ''}`,
  () => {
    it('trains a head on the train photos that classifies every test photo correctly', async () => {
      const cacheDir = mkdtempSync(join(tmpdir(), 'dendrite-imprinting-'));
      onTestFinished(() => rmSync(cacheDir, { recursive: true, force: true }));
      await useNodePlatform({ backend: 'wasm', cacheDir, output: { write: () => true } });
      const before = tf.memory().numTensors;
      const classNames = ['cat', 'dog', 'hotdog'];
      const part = (name: 'train' | 'test'): FileNameRule => ({
        classNames,
        labelOf: (fileName) => new RegExp(`^([a-z]+)_${name}_\\d+\\.bmp$`).exec(fileName)?.[1],
      });
      const train = await imageDatasetFromFiles(imprinting, part('train'));
      const test = await imageDatasetFromFiles(imprinting, part('test'));
      expect(train.classCounts()).toEqual([1, 1, 2]);
      const base = await MobileNetV2({ alpha: 0.35, includeTop: false, pooling: 'avg', weights: smallWeights });
      // Four photos: a zero start leaves the head nothing but what they teach (see TransferModelOptions.initializer).
      const model = transferModel(base, { classNames, initializer: 'zeros' });
      const trainFeatures = await extractFeatures(model, train);
      const history = await fitOnFeatures(model, trainFeatures.features, trainFeatures.labels, { epochs: 20, seed: 1, verbose: 0 });
      expect(history.history.accuracy?.at(-1)).toBe(1);
      const { xs, ys } = await test.load({ size: [224, 224], preprocess: preprocessInput });
      const predicted = tf.tidy(() => Array.from(tf.argMax(model.predict(xs) as tf.Tensor, 1).dataSync()));
      expect(predicted).toEqual(Array.from(ys.dataSync()));
      tf.dispose([xs, ys, trainFeatures.features, trainFeatures.labels]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      clearPlatform();
    });
  },
);
