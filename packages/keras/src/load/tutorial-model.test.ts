import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { fit, unfreeze } from '@dendrite/core';
import { activateBackend } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BinaryCrossentropy } from '../losses/keras-losses.js';
import { probeInput } from '../testing/probe-input.js';
import { loadKerasModel } from './load-keras-model.js';

interface Recorded {
  keras_version: string;
  size: number;
  predict: number[];
  fine_tune: {
    from: number;
    learning_rate: number;
    epochs: number;
    batch_size: number;
    labels: number[];
    trainable_weights: number;
    trainable_params: number;
    logits_before: number[];
    logits_after: number[];
    loss: number[];
  };
}
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/tutorial.json', import.meta.url), 'utf8')) as Recorded;
const file = new Uint8Array(readFileSync(new URL('../../fixtures/tutorial.keras', import.meta.url)));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Pixels in [0, 255), as the fixture script feeds Keras. */
function images(count: number): tf.Tensor4D {
  return tf.tidy(() => tf.mul(tf.add(probeInput([count, recorded.size, recorded.size, 3], 1), 1), 127.5)) as tf.Tensor4D;
}

function maxDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
  return expected.reduce((worst, value, i) => Math.max(worst, Math.abs((actual[i] ?? Number.NaN) - value)), 0);
}

function movingStatistics(model: LayersModel): Float32Array[] {
  const found: Float32Array[] = [];
  const visit = (layer: LayersModel['layers'][number]): void => {
    if (layer.getClassName() === 'BatchNormalization')
      for (const w of layer.weights) found.push(w.read().dataSync().slice() as Float32Array);
    for (const child of (layer as Partial<LayersModel>).layers ?? []) visit(child);
  };
  model.layers.forEach(visit);
  return found;
}

describe(`the TensorFlow MobileNetV2 tutorial's model, written by Keras ${recorded.keras_version}`, () => {
  it('loads with its augmentation layers and nested base, and predicts within 1e-4 of Keras', async () => {
    const model = await loadKerasModel(file, { name: 'tutorial.keras' });
    const augmentation = model.getLayer('data_augmentation') as LayersModel;
    expect(augmentation.layers.map((layer) => layer.getClassName())).toEqual(['RandomFlip', 'RandomRotation']);
    const x = images(3);
    const y = model.predict(x) as tf.Tensor;
    const difference = maxDifference(await y.data(), recorded.predict);
    console.log('tutorial.keras: max |Dendrite - Keras| =', difference);
    expect(difference).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
  });

  // On wasm the convolutions' gradients are Dendrite's own kernels (TensorFlow.js 4.22 has none there).
  it.each(['cpu', 'wasm'])(
    "fine-tunes the base from layer 100 with BatchNorm frozen and ends within 2e-3 of Keras's logits, every moving statistic unchanged, on %s",
    async (backend) => {
      await activateBackend(backend);
      const loaded = await loadKerasModel(file, { name: 'tutorial.keras' });
      const run = recorded.fine_tune;
      // As the fixture script does: the same layers without the random ones (augmentation, Dropout).
      const base = loaded.layers.find(
        (layer) => (layer as Partial<LayersModel>).layers !== undefined && layer.name.startsWith('mobilenetv2'),
      ) as LayersModel;
      const input = tfl.input({ shape: [recorded.size, recorded.size, 3] });
      let x = loaded.getLayer('rescaling').apply(input) as SymbolicTensor;
      x = base.apply(x) as SymbolicTensor;
      x = loaded.getLayer('global_average_pooling2d').apply(x) as SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: loaded.getLayer('dense').apply(x) as SymbolicTensor });

      const unfrozen = unfreeze(base, { from: run.from });
      expect(model.trainableWeights).toHaveLength(run.trainable_weights);
      expect(unfrozen.trainableParams + 1281).toBe(run.trainable_params);

      const xs = images(run.labels.length);
      const ys = tf.tensor2d(run.labels, [run.labels.length, 1]);
      const before = model.predict(xs) as tf.Tensor;
      expect(maxDifference(await before.data(), run.logits_before)).toBeLessThan(1e-4);
      const statistics = movingStatistics(model);

      model.compile({ optimizer: tf.train.sgd(run.learning_rate), loss: BinaryCrossentropy({ fromLogits: true }) });
      const history = await fit(model, xs, ys, { epochs: run.epochs, batchSize: run.batch_size, shuffle: false, verbose: 0 });
      const after = model.predict(xs) as tf.Tensor;
      const difference = maxDifference(await after.data(), run.logits_after);
      console.log('fine-tuning: max |Dendrite - Keras| logits after =', difference, 'losses', history.history['loss'], 'Keras', run.loss);
      expect(difference).toBeLessThan(2e-3);
      // It trained: the logits moved by much more than the tolerance.
      expect(maxDifference(await after.data(), run.logits_before)).toBeGreaterThan(0.1);
      const changed = movingStatistics(model).map((values, i) => maxDifference(values, Array.from(statistics[i] ?? [])));
      expect(Math.max(...changed)).toBe(0);
      tf.dispose([xs, ys, before, after]);
      // The fine-tuning model shares the loaded model's layers: disposing it frees their weights.
      model.dispose();
    },
    180_000,
  );
});
