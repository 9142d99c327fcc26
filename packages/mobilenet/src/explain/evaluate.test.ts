import '@tensorflow/tfjs-backend-cpu';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { imageDatasetFromExamples } from '@dendrite/data';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';

// Each "photo" is one byte: its brightness. The model calls a photo 'bright' above mid-grey.
beforeAll(async () => {
  await tf.setBackend('cpu');
  // Without the Node platform's 8-bit decoder, which would bypass this decodeImage for sized loads.
  const { decodeImagePixels: _, ...node } = createNodePlatform({ offline: true });
  setPlatform({ ...node, decodeImage: async (bytes: Uint8Array) => tf.fill([8, 8, 3], bytes[0] as number) as tf.Tensor3D });
});
afterAll(() => clearPlatform());

function brightnessModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.globalAveragePooling2d({ inputShape: [224, 224, 3] }));
  // After preprocessInput (x / 127.5 - 1): the 'bright' score is the red channel, 'dark' is 0.
  model.add(tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: 'zeros' }));
  tf.tidy(() =>
    model.layers[1]!.setWeights([
      tf.tensor2d([
        [0, 1],
        [0, 0],
        [0, 0],
      ]),
      tf.zeros([2]),
    ]),
  );
  return model;
}

describe('evaluate', () => {
  it('reports the confusion matrix and names the misclassified images with their score', async () => {
    const photos = [
      { brightness: 10, label: 0 },
      { brightness: 200, label: 0 }, // a dark one taken for bright
      { brightness: 250, label: 1 },
      { brightness: 50, label: 1 }, // a bright one taken for dark
      { brightness: 220, label: 1 },
    ];
    const dataset = imageDatasetFromExamples(
      photos.map(({ brightness, label }) => ({ source: new Uint8Array([brightness]), label })),
      { classNames: ['dark', 'bright'] },
    );
    const model = brightnessModel();
    const before = tf.memory().numTensors;
    const evaluation = await evaluate(model, dataset, { batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(evaluation.confusionMatrix).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(evaluation.accuracy).toBeCloseTo(0.6, 12);
    expect(evaluation.classes['bright']?.recall).toBeCloseTo(2 / 3, 12);
    const names = dataset.examples.map((example) => example.name);
    expect(evaluation.misclassified.map(({ source, trueClass, predictedClass }) => ({ source, trueClass, predictedClass }))).toEqual([
      { source: names[1], trueClass: 'dark', predictedClass: 'bright' },
      { source: names[3], trueClass: 'bright', predictedClass: 'dark' },
    ]);
    // softmax([0, 200 / 127.5 - 1]) for the bright guess
    expect(evaluation.misclassified[0]?.score).toBeCloseTo(1 / (1 + Math.exp(-(200 / 127.5 - 1))), 5);
    model.dispose();
  });
});
