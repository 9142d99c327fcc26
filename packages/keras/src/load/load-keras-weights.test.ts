import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { KerasArchiveError } from '../archive/errors.js';
import { probeInput, type RecordedModel } from '../testing/probe-input.js';
import { KerasWeightsMismatchError } from './errors.js';
import { loadKerasModel } from './load-keras-model.js';
import { loadKerasWeights } from './load-keras-weights.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const recorded = (
  JSON.parse(readFileSync(new URL('../../fixtures/predictions.json', import.meta.url), 'utf8')) as { models: Record<string, RecordedModel> }
).models;

/** Overwrites every weight with zeros, so only a load can bring back Keras's predictions. */
function zeroWeights(model: tfl.LayersModel): void {
  for (const layer of model.layers) {
    const zeros = layer.getWeights().map((weight) => tf.zerosLike(weight));
    layer.setWeights(zeros);
    tf.dispose(zeros);
  }
}

async function predictions(model: tfl.LayersModel, entry: RecordedModel): Promise<Float32Array> {
  const x = probeInput(entry.input_shape, entry.input_scale);
  const y = model.predict(x) as tf.Tensor;
  const data = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return data;
}

function maxDifference(actual: Float32Array, expected: readonly number[]): number {
  return expected.reduce((worst, value, index) => Math.max(worst, Math.abs((actual[index] ?? Number.NaN) - value)), 0);
}

describe('loadKerasWeights', () => {
  it.each([
    ['every-layer.keras', 'every-layer.weights.h5', 'every_layer'],
    ['every-layer.keras', 'every-layer.h5', 'every_layer'],
    ['nested.keras', 'nested.h5', 'nested'],
    ['mobilenet-v2-0.35.keras', 'mobilenet-v2-0.35.weights.h5', 'mobilenet_v2_035'],
  ])('fills a model built from %s with the weights of %s (Keras predictions within 1e-5)', async (modelFile, weightsFile, name) => {
    const entry = recorded[name] as RecordedModel;
    const model = await loadKerasModel(fixture(modelFile));
    zeroWeights(model);
    expect(maxDifference(await predictions(model, entry), entry.output)).toBeGreaterThan(1e-3);
    const before = tf.memory().numTensors;
    const { assigned } = await loadKerasWeights(model, fixture(weightsFile), { name: weightsFile });
    expect(assigned).toBe(model.weights.length);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxDifference(await predictions(model, entry), entry.output)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('refuses weights of another architecture, naming the layer, and leaves the model as it was', async () => {
    const model = await loadKerasModel(fixture('basic.keras'));
    const entry = recorded['basic'] as RecordedModel;
    const error = await loadKerasWeights(model, fixture('every-layer.weights.h5'), { name: 'every-layer.weights.h5' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KerasWeightsMismatchError);
    expect((error as KerasWeightsMismatchError).message).toMatch(/every-layer\.weights\.h5/);
    expect(maxDifference(await predictions(model, entry), entry.output)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('refuses a .keras file of another architecture', async () => {
    const model = await loadKerasModel(fixture('transfer.keras'));
    await expect(loadKerasWeights(model, fixture('nested.keras'))).rejects.toBeInstanceOf(KerasWeightsMismatchError);
    model.dispose();
  });

  it('refuses a truncated archive with KerasArchiveError', async () => {
    const whole = fixture('every-layer.keras');
    for (const length of [whole.length - 1, Math.floor(whole.length / 2), 100]) {
      const error = await loadKerasModel(whole.slice(0, length), { name: 'cut.keras' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KerasArchiveError);
    }
  });
});
