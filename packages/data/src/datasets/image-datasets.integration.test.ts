import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImage } from '../images/load-image.js';
import { catsRule } from '../testing/cats-rule.js';
import { EmptyDatasetError } from './dataset-errors.js';
import { imageDatasetFromDirectory } from './image-dataset-from-directory.js';
import { imageDatasetFromFiles } from './image-dataset-from-files.js';
import type { DatasetWarning } from './image-dataset-types.js';
import { stratifiedSplit } from './stratified-split.js';

const shared = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const cats = resolve(shared, 'data/pythontutorials/cats');
const imprinting = resolve(shared, 'models/test-images-coral/imprinting');
const fileNames = (names: readonly string[]) => names.map((name) => basename(name));

describe.skipIf(!existsSync(shared))(`labelled datasets from the shared photos with the Node platform${!existsSync(shared) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setPlatform(createNodePlatform({ offline: true }));
  });

  afterAll(() => {
    clearPlatform();
  });

  it("labels the course's 40 cats 20 female (0) and 20 male (1), and splits them 30 / 10 as the course does", async () => {
    const dataset = await imageDatasetFromFiles(cats, catsRule);
    expect(String(dataset)).toBe('40 images in 2 classes: female 20, male 20');
    expect(basename(dataset.examples[0]?.name ?? '')).toBe('f01.jpg');
    expect(basename(dataset.examples[39]?.name ?? '')).toBe('m20.jpg');

    const { train, validation } = stratifiedSplit(dataset, { validation: { lastPerClass: 5 } });
    expect(train.classCounts()).toEqual([15, 15]);
    expect(fileNames(validation.examples.map((example) => example.name))).toEqual(
      ['f16', 'f17', 'f18', 'f19', 'f20', 'm16', 'm17', 'm18', 'm19', 'm20'].map((name) => `${name}.jpg`),
    );

    const before = tf.memory().numTensors;
    const sizes: number[] = [];
    const labels: number[] = [];
    for await (const { xs, ys } of train.batches({ batchSize: 8, size: [224, 224] })) {
      expect(tf.memory().numTensors).toBe(before + 2);
      sizes.push(xs.shape[0]);
      expect(xs.shape.slice(1)).toEqual([224, 224, 3]);
      labels.push(...ys.dataSync());
      tf.dispose([xs, ys]);
    }
    expect(sizes).toEqual([8, 8, 8, 6]);
    expect(labels).toEqual([...Array(15).fill(0), ...Array(15).fill(1)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads the validation cats exactly as loadImage loads each photo', async () => {
    const dataset = await imageDatasetFromFiles(cats, catsRule);
    const { validation } = stratifiedSplit(dataset, { validation: { lastPerClass: 5 } });
    const before = tf.memory().numTensors;
    // Datasets default to bilinear (as Keras's image_dataset_from_directory); loadImage to nearest (load_img).
    const { xs, ys, sources } = await validation.load({ size: [224, 224], interpolation: 'nearest', strict: true });
    expect(xs.shape).toEqual([10, 224, 224, 3]);
    expect(Array.from(ys.dataSync())).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const single = await loadImage(sources[5] as string, { size: [224, 224] });
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.squeeze(tf.slice(xs, [5], [1]), [0]), single))).dataSync()[0]);
    expect(difference).toBe(0);
    tf.dispose([xs, ys, single]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads the imprinting folder (flat, named <class>_<train|test>_<n>.bmp) as 3 classes by a file-name rule', async () => {
    // It has no class subfolders, so the subfolder form says to use a rule instead.
    await expect(imageDatasetFromDirectory(imprinting)).rejects.toThrow(EmptyDatasetError);
    const byClass = { labelOf: (fileName: string) => fileName.split('_')[0] };
    const dataset = await imageDatasetFromFiles(imprinting, byClass);
    expect(dataset.classNames).toEqual(['cat', 'dog', 'hotdog']);
    expect(dataset.classCounts()).toEqual([2, 2, 3]); // COPYRIGHT is not an image
    const trainOnly = await imageDatasetFromFiles(imprinting, {
      labelOf: (fileName) => (fileName.includes('_train_') ? fileName.split('_')[0] : undefined),
    });
    expect(fileNames(trainOnly.examples.map((example) => example.name))).toEqual([
      'cat_train_0.bmp',
      'dog_train_0.bmp',
      'hotdog_train_0.bmp',
      'hotdog_train_1.bmp',
    ]);

    // Seven BMPs of six different heights become one batch of 224 x 224.
    const warnings: DatasetWarning[] = [];
    const before = tf.memory().numTensors;
    const { xs, ys } = await dataset.load({ size: [224, 224], resizeMode: 'center-crop', onWarning: (w) => warnings.push(w) });
    expect(xs.shape).toEqual([7, 224, 224, 3]);
    expect(Array.from(ys.dataSync())).toEqual([0, 0, 1, 1, 2, 2, 2]);
    expect(warnings).toEqual([]);
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
