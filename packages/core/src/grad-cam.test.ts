import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { gradCam } from './grad-cam.js';
import { expectNoLeakedTensors } from './testing/expect-no-leaks.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** conv (ReLU) -> global average pooling -> Dense softmax: Grad-CAM has a closed form on it. */
function smallClassifier(seed: number): tfl.LayersModel {
  const model = tfl.sequential({ name: 'small' });
  model.add(
    tfl.layers.conv2d({
      inputShape: [6, 5, 3],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'conv',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(tfl.layers.globalAveragePooling2d({ name: 'pool' }));
  model.add(
    tfl.layers.dense({
      units: 3,
      activation: 'softmax',
      name: 'head',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  return model;
}

/**
 * With pooling then Dense, d logit_c / d A[h, w, k] = W[k, c] / (h·w): the channel weights are the
 * kernel's column, and the heatmap is relu(Σ_k A_k W[k, c]) over its maximum.
 */
function closedForm(model: tfl.LayersModel, images: tf.Tensor4D, classes: number[]): number[][][] {
  return tf.tidy(() => {
    const features = tfl
      .model({ inputs: model.inputs, outputs: model.getLayer('conv').output as tfl.SymbolicTensor })
      .predict(images) as tf.Tensor4D;
    const kernel = model.getLayer('head').getWeights()[0] as tf.Tensor2D;
    const maps = classes.map((c, i) => {
      const map = tf.relu(tf.sum(tf.mul(tf.slice(features, [i], [1]), tf.reshape(tf.slice(kernel, [0, c], [-1, 1]), [1, 1, 1, -1])), 3));
      const peak = tf.max(map).dataSync()[0]!;
      return (tf.div(map, peak > 0 ? peak : 1).arraySync() as number[][][])[0] as number[][];
    });
    return maps;
  });
}

describe('gradCam', () => {
  it('computes the keras.io recipe: pooled gradients weigh the channels, ReLU, scaled to 0..1', () => {
    const model = smallClassifier(3);
    const images = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const heatmaps = gradCam(model, images, { layer: 'conv', classIndex: [2, 0] });
    expect(heatmaps.shape).toEqual([2, 6, 5]);
    const expected = closedForm(model, images, [2, 0]);
    const actual = heatmaps.arraySync();
    actual.forEach((map, i) => {
      map.forEach((row, y) => {
        row.forEach((value, x) => {
          expect(value).toBeCloseTo(expected[i]![y]![x]!, 5);
        });
      });
    });
    expect(Math.max(...actual.flat(2))).toBeCloseTo(1, 6);
    tf.dispose([heatmaps, images]);
    model.dispose();
  });

  it('finds the last feature map by itself and explains the top class by default', () => {
    const model = smallClassifier(5);
    const images = tf.randomNormal([1, 6, 5, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    const top = tf.tidy(() => tf.argMax(model.predict(images) as tf.Tensor2D, 1).dataSync()[0]!);
    const byDefault = gradCam(model, images);
    const explicit = gradCam(model, images, { layer: 'conv', classIndex: top });
    expect(byDefault.arraySync()).toEqual(explicit.arraySync());
    tf.dispose([byDefault, explicit, images]);
    model.dispose();
  });

  it('reaches a layer inside a nested model, as in a transfer model whose base is one layer', () => {
    const inner = smallClassifier(9);
    const base = tfl.model({ inputs: inner.inputs, outputs: inner.getLayer('conv').output as tfl.SymbolicTensor, name: 'base' });
    const input = tfl.input({ shape: [6, 5, 3] });
    const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(base.apply(input)) as tfl.SymbolicTensor;
    // A seeded head: with an unlucky random kernel every weighted channel sum is negative and the map is all zero.
    const head = tfl.layers.dense({
      units: 3,
      activation: 'softmax',
      name: 'head',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
    });
    const outer = tfl.model({ inputs: input, outputs: head.apply(pooled) as tfl.SymbolicTensor, name: 'outer' });
    const images = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const heatmaps = gradCam(outer, images, { classIndex: 1 }); // default layer: 'conv', inside 'base'
    // The closed form, with the base's feature map and the outer head's kernel.
    const reference = tf.tidy(() => {
      const features = base.predict(images) as tf.Tensor4D;
      const kernel = tf.reshape(tf.slice(head.getWeights()[0] as tf.Tensor2D, [0, 1], [-1, 1]), [1, 1, 1, -1]);
      const maps = tf.relu(tf.sum(tf.mul(features, kernel), 3));
      return tf.divNoNan(maps, tf.max(maps, [1, 2], true)).arraySync() as number[][][];
    });
    // The comparison means something only where the map is not all zero.
    expect(Math.max(...reference.flat(2))).toBe(1);
    heatmaps.arraySync().forEach((map, i) => {
      map.forEach((row, y) => {
        row.forEach((value, x) => {
          expect(value).toBeCloseTo(reference[i]![y]![x]!, 5);
        });
      });
    });
    tf.dispose([heatmaps, images]);
    outer.dispose();
  });

  it('leaves no tensors behind but the heatmaps it returns, and leaves the model as it was', async () => {
    const model = smallClassifier(11);
    const images = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 10) as tf.Tensor4D;
    const before = tf.tidy(() => (model.predict(images) as tf.Tensor).arraySync());
    await expectNoLeakedTensors(() => gradCam(model, images), { returns: 1 });
    expect(tf.tidy(() => (model.predict(images) as tf.Tensor).arraySync())).toEqual(before);
    images.dispose();
    model.dispose();
  });

  it('names the problem when the layer or the class does not exist', () => {
    const model = smallClassifier(12);
    const images = tf.zeros([1, 6, 5, 3]) as tf.Tensor4D;
    expect(() => gradCam(model, images, { layer: 'nope' })).toThrow(InvalidArgumentError);
    expect(() => gradCam(model, images, { layer: 'nope' })).toThrow(/such as 'conv'/);
    expect(() => gradCam(model, images, { classIndex: 3 })).toThrow(/from 0 to 2/);
    expect(() => gradCam(model, tf.zeros([6, 5, 3]) as unknown as tf.Tensor4D)).toThrow(/batch/);
    images.dispose();
    model.dispose();
  });
});
