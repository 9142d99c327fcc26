import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearPlatform } from '@dendrite/core/testing';
import { loadImage } from '@dendrite/data';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MobileNetV2 } from './mobilenet-v2.js';
import { preprocessInput } from './preprocess-input.js';

// The outside basis for the course's part 3 result: real Keras's top 5 for boef.jpg with the same
// weights, recorded in testing/boef-keras-reference.json by scripts/fixtures/boef-keras-reference.py
// (so this test needs no Python). Dendrite's own pasted numbers elsewhere only pin regressions.
const shared = resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared');
const weights = resolve(shared, 'models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const boef = resolve(shared, 'data/pythontutorials/boef.jpg');
const missing = !existsSync(weights) || !existsSync(boef);

interface Ranked {
  readonly classIndex: number;
  readonly className: string;
  readonly score: number;
}
const reference = JSON.parse(readFileSync(fileURLToPath(new URL('./testing/boef-keras-reference.json', import.meta.url)), 'utf8')) as { top5: Ranked[] };

describe.skipIf(missing)(`boef.jpg against real Keras with the same weights${missing ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await useNodePlatform({ backend: 'cpu', offline: true, output: { write: () => true } });
  });
  afterAll(() => clearPlatform());

  it("gives Keras's top 5 (Shih-Tzu first), each score within 2e-4 of Keras's", async () => {
    const tensorsBefore = tf.memory().numTensors;
    const model = await MobileNetV2({ weights });
    const photo = await loadImage(boef, { size: [224, 224], resizeMode: 'stretch' });
    const scores = tf.tidy(() => (model.predict(preprocessInput(tf.expandDims<tf.Tensor4D>(photo, 0))) as tf.Tensor).dataSync());
    photo.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const keras = reference.top5;
    expect(keras[0]).toMatchObject({ classIndex: 155, className: 'Shih-Tzu' });
    const ours = Array.from(scores.keys()).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0)).slice(0, 5);
    expect(ours).toEqual(keras.map((entry) => entry.classIndex));
    // The same pixels go in (sharp and PIL decode boef.jpg identically): what differs is float32
    // arithmetic in TensorFlow.js versus TensorFlow, measured at about 1e-5 here.
    keras.forEach((entry) => expect(Math.abs((scores[entry.classIndex] ?? 0) - entry.score), entry.className).toBeLessThan(2e-4));
  });
});
