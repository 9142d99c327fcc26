import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import type { ImageNetClassIndex } from './imagenet-class-index.js';

const classIndex: ImageNetClassIndex = Array.from({ length: 1000 }, (_, i) => ({
  classIndex: i,
  wordnetId: `n${i}`,
  className: `class_${i}`,
}));

/**
 * Averages the pixels per channel; a high red mean votes for class 1, a low one for class 2. A black
 * image picks class 2 only if its pixels were scaled to -1..1 first (unscaled, all scores tie).
 */
function colourModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.globalAveragePooling2d({ inputShape: [8, 8, 3] }),
      tfl.layers.dense({ units: 1000, activation: 'softmax', useBias: false, kernelInitializer: 'zeros' }),
    ],
  });
  const kernel = tf.buffer([3, 1000]);
  kernel.set(5, 0, 1);
  kernel.set(-5, 0, 2);
  const weights = kernel.toTensor();
  model.layers[1]?.setWeights([weights]);
  weights.dispose();
  return model;
}

function solid(rgb: [number, number, number]): number[][][] {
  return Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => rgb));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('classify', () => {
  it('preprocesses, predicts and decodes each image, leaking no tensor', async () => {
    const model = colourModel();
    const images = tf.tensor4d([solid([255, 0, 0]), solid([0, 0, 0])], undefined, 'int32');
    const before = tf.memory().numTensors;
    const results = await classify(model, images, { top: 2, classIndex });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((image) => image[0]?.classIndex)).toEqual([1, 2]);
    expect(results[0]).toHaveLength(2);
    expect(images.isDisposed).toBe(false);
    tf.dispose([images]);
    model.dispose();
  });

  it('rejects images of another size than the model takes', async () => {
    const model = colourModel();
    const images = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    await expect(classify(model, images, { classIndex })).rejects.toThrow(InvalidArgumentError);
    await expect(classify(model, images, { classIndex })).rejects.toThrow(/\[1, 16, 16, 3\] but the model takes \[n, 8, 8, 3\]/);
    tf.dispose(images);
    model.dispose();
  });
});
