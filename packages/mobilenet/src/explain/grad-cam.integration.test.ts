import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatform, gradCam, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessInput } from '../preprocess-input.js';
import { correlation, kerasGradCam, kerasPhotoUrl, kerasTransferModel, type KerasGradCam } from '../testing/keras-grad-cam-fixture.js';

// ../shared beside the repository; DENDRITE_SHARED_DIR points elsewhere (a git worktree).
const shared = process.env['DENDRITE_SHARED_DIR'] ?? resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const weights = resolve(shared, 'models/mobilenet_v2_1.0_224_no_top-imagenet-tfjs-layers-float32/model.json');

describe.skipIf(!existsSync(weights))(`Grad-CAM on a transfer model written by real Keras${!existsSync(weights) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  let model: LayersModel;
  let classNames: string[];
  let keras: KerasGradCam;
  let images: tf.Tensor4D;

  beforeAll(async () => {
    const platform = createNodePlatform({ offline: true });
    await platform.initBackend();
    setPlatform(platform);
    ({ model, classNames } = await kerasTransferModel(weights));
    keras = await kerasGradCam();
    const pixels = await getPlatform().decodeImage(new Uint8Array(await readFile(kerasPhotoUrl)));
    images = tf.tidy(() => preprocessInput(tf.expandDims(tf.cast(pixels, 'float32'), 0) as tf.Tensor4D));
    pixels.dispose();
  });
  afterAll(() => {
    tf.dispose(images);
    model?.dispose();
    clearPlatform();
  });

  it("predicts what Keras predicted for the photo (the same model)", () => {
    const probabilities = tf.tidy(() => Array.from((model.predict(images) as tf.Tensor).dataSync()));
    probabilities.forEach((p, i) => expect(Math.abs(p - (keras.probabilities[i] as number))).toBeLessThan(1e-3));
  });

  it("correlates >= 0.99 with Keras's heatmap of out_relu, by default, for each class", () => {
    classNames.forEach((name, classIndex) => {
      const before = tf.memory().numTensors;
      const heatmaps = gradCam(model, images, { classIndex });
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(heatmaps.shape).toEqual([1, 7, 7]);
      const ours = Array.from(heatmaps.dataSync());
      heatmaps.dispose();
      const theirs = (keras.heatmaps[name] as number[][]).flat();
      const r = correlation(ours, theirs);
      const maxDifference = Math.max(...ours.map((v, i) => Math.abs(v - (theirs[i] as number))));
      console.log(`Grad-CAM of '${name}' on ${keras.photo} (${keras.layer}): correlation with Keras ${r.toFixed(9)} (1 - r = ${(1 - r).toExponential(2)}), max |difference| ${maxDifference.toExponential(2)}`);
      expect(r).toBeGreaterThanOrEqual(0.99);
      expect(maxDifference).toBeLessThan(0.05);
    });
  });
});
