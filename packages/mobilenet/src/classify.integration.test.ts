import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { loadImageNetClassIndex } from './imagenet-class-index.js';
import type { ImageNetClassIndex } from './imagenet-class-index.js';
import { MobileNetV2 } from './mobilenet-v2.js';
import { decodeBmp24 } from './testing/bmp.js';
import { createFilePlatform } from './testing/file-platform.js';

const shared = resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared');
const models = resolve(shared, 'models');
const images = resolve(models, 'test-images-coral');

interface Expected {
  readonly index: number;
  readonly label: string;
  readonly prob: number;
}

const readBytes = async (path: string) => new Uint8Array(await readFile(path));

/** Decodes a BMP and resizes it as expected_top5.json's "_about" says: bilinear, half-pixel centres, rounded. */
async function loadPhoto(name: string): Promise<tf.Tensor3D> {
  const { width, height, rgb } = decodeBmp24(await readBytes(resolve(images, name)));
  return tf.tidy(() => tf.round(tf.image.resizeBilinear(tf.tensor3d(rgb, [height, width, 3], 'int32'), [224, 224], false, true)));
}

describe.skipIf(!existsSync(models))(`classifying photos with the shared ImageNet weights${!existsSync(models) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setPlatform(createFilePlatform({ readFile: readBytes }));
  });
  afterAll(() => clearPlatform());

  it('puts cat.bmp in Egyptian_cat (285) and grace_hopper.bmp in military_uniform (652), as recorded, leaving no tensor', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const model: LayersModel = await MobileNetV2({ weights: resolve(models, 'mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json') });
    const classIndex: ImageNetClassIndex = await loadImageNetClassIndex(resolve(models, 'imagenet-labels/imagenet_class_index.json'));
    const expected: Record<string, { tfjs_uint8_full: Expected[] }> = JSON.parse(await readFile(resolve(images, 'expected_top5.json'), 'utf8'));
    const names = ['cat.bmp', 'grace_hopper.bmp'];
    const photos = await Promise.all(names.map(loadPhoto));
    const batch = tf.stack(photos) as tf.Tensor4D;
    tf.dispose(photos);
    const before = tf.memory().numTensors;
    const results = await classify(model, batch, { top: 5, classIndex });
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();

    expect(results[0]?.[0]).toMatchObject({ classIndex: 285, wordnetId: 'n02124075', className: 'Egyptian_cat' });
    expect(results[1]?.[0]).toMatchObject({ classIndex: 652, className: 'military_uniform' });
    names.forEach((name, image) => {
      const recorded = expected[name]?.tfjs_uint8_full ?? [];
      const ours = results[image] ?? [];
      expect(ours.map((p) => p.classIndex)).toEqual(recorded.map((p) => p.index));
      ours.forEach((prediction, rank) => {
        expect(prediction.className).toBe(recorded[rank]?.label);
        expect(Math.abs(prediction.score - (recorded[rank]?.prob ?? 0))).toBeLessThan(0.01);
      });
    });
    model.dispose();
    expect(tf.memory().numTensors, 'tensors left once the model is disposed').toBe(tensorsBefore);
  });
});
