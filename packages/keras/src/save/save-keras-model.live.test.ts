import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it, onTestFinished } from 'vitest';
import { convolutionalModel, nestedModel, partlyFrozenModel, seededValues, trainedBasicNetwork } from '../testing/example-models.js';
import {
  distributedFitWithKeras,
  hasJax,
  type KerasJob,
  kerasPython,
  kerasUnavailable,
  predictWithKeras,
} from '../testing/python-keras.js';
import { saveKerasModel } from './save-keras-model.js';

const unavailable = kerasUnavailable();
if (unavailable !== undefined) console.log(unavailable);

await useNodePlatform({ backend: 'cpu' });

/** Dendrite's predictions on seeded inputs, flat, with the inputs Keras gets. */
function predictHere(
  model: LayersModel,
  shape: number[],
  seed: number,
): { inputs: KerasJob['inputs']; expected: Float32Array; outShape: number[] } {
  const data = seededValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  ).map((v) => (shape.length > 2 ? (v + 1) * 127.5 : (v + 1) / 2));
  const [expected, outShape] = tf.tidy(() => {
    const y = model.predict(tf.tensor(data, shape)) as tf.Tensor;
    return [y.dataSync() as Float32Array, y.shape];
  });
  return { inputs: { shape, data }, expected, outShape };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe.skipIf(unavailable !== undefined)('saveKerasModel, loaded by real Keras', () => {
  it('writes a trained basic network, a functional convolutional model and nested models (one partly frozen) as .keras and .h5 that Keras predicts with within 1e-5', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-keras-save-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const cases: { name: string; model: LayersModel; shape: number[] }[] = [
      { name: 'basic', model: await trainedBasicNetwork(), shape: [10, 1] },
      { name: 'conv', model: convolutionalModel(), shape: [5, 8, 8, 3] },
      { name: 'nested', model: nestedModel(), shape: [5, 8, 8, 3] },
      { name: 'partly_frozen', model: partlyFrozenModel(), shape: [5, 8, 8, 3] },
    ];
    const jobs: KerasJob[] = [];
    const expectations: { file: string; expected: Float32Array; outShape: number[]; params: number }[] = [];
    for (const [index, { name, model, shape }] of cases.entries()) {
      const { inputs, expected, outShape } = predictHere(model, shape, 100 + index);
      for (const extension of ['keras', 'h5']) {
        const path = join(folder, `${name}.${extension}`);
        await saveKerasModel(model, path);
        jobs.push({ path, inputs });
        expectations.push({ file: `${name}.${extension}`, expected, outShape, params: model.countParams() });
      }
    }
    const { keras, results } = await predictWithKeras(jobs);
    console.log(`Keras ${keras} loaded ${results.length} files written by Dendrite`);
    results.forEach((result, i) => {
      const { file, expected, outShape, params } = expectations[i]!;
      if (result.error !== undefined) throw new Error(`Keras could not load ${file}: ${result.error}`);
      const difference = maxDifference(result.data, expected);
      console.log(`${file}: ${params} parameters, largest difference from Dendrite's predictions ${difference.toExponential(2)}`);
      expect(result.shape, file).toEqual(outShape);
      expect(result.params, file).toBe(params);
      expect(difference, file).toBeLessThan(1e-5);
    });
    for (const { model } of cases) model.dispose();
  }, 300_000);

  it('hands a model trained in Dendrite to Keras for training on two devices: tf.distribute on TensorFlow, keras.distribution.DataParallel on JAX', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-keras-distributed-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const model = await trainedBasicNetwork();
    const path = join(folder, 'basic.keras');
    await saveKerasModel(model, path);
    model.dispose();

    const tensorflow = await distributedFitWithKeras(path, 'tensorflow');
    console.log(
      `TensorFlow: ${tensorflow.placement} on ${tensorflow.devices.length} devices, accuracy ${tensorflow.accuracy_before} before, ${tensorflow.accuracy_after} after 2 epochs`,
    );
    expect(tensorflow.devices).toHaveLength(2);
    expect(tensorflow.placement).toBe('2 replicas');
    expect(tensorflow.accuracy_after).toBeGreaterThan(tensorflow.accuracy_before);

    // JAX is not in every Keras install: DENDRITE_KERAS_JAX_PYTHON names a Python with Keras and jax.
    const jaxPython = process.env['DENDRITE_KERAS_JAX_PYTHON'] ?? kerasPython;
    if (!hasJax(jaxPython)) {
      console.log(`JAX part skipped: '${jaxPython}' cannot import jax with KERAS_BACKEND=jax; set DENDRITE_KERAS_JAX_PYTHON`);
      return;
    }
    const jax = await distributedFitWithKeras(path, 'jax', jaxPython);
    console.log(`JAX: ${jax.placement}, accuracy ${jax.accuracy_before} before, ${jax.accuracy_after} after 2 epochs`);
    expect(jax.devices).toEqual(['cpu:0', 'cpu:1']);
    expect(jax.placement).toMatch(/Mesh\('batch': 2/);
    expect(jax.accuracy_after).toBeGreaterThan(jax.accuracy_before);
  }, 600_000);
});
