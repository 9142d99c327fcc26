import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { UnsafeKerasObjectError, UnsupportedKerasLayerError } from '../config/errors.js';
import { probeInput, type RecordedModel } from '../testing/probe-input.js';
import { loadKerasModel } from './load-keras-model.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/predictions.json', import.meta.url), 'utf8')) as {
  keras_version: string;
  models: Record<string, RecordedModel>;
};

function maxDifference(actual: Float32Array | Int32Array | Uint8Array, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  return expected.reduce((worst, value, index) => Math.max(worst, Math.abs((actual[index] ?? Number.NaN) - value)), 0);
}

const cases = Object.entries(recorded.models).flatMap(([model, entry]) =>
  entry.files.filter((file) => !file.endsWith('.weights.h5') && !file.startsWith('../')).map((file) => ({ model, file, entry })),
);

describe('loadKerasModel on files Keras 3.15.1 wrote', () => {
  it.each(cases)('$file predicts what Keras predicted, within 1e-5', async ({ file, entry }) => {
    const before = tf.memory().numTensors;
    const model = await loadKerasModel(fixture(file), { name: file });
    const x = probeInput(entry.input_shape, entry.input_scale);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(entry.output_shape);
    const difference = maxDifference(await y.data(), entry.output);
    console.log(file, 'max |Dendrite - Keras|', difference);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a Lambda layer, naming it, without running anything', async () => {
    const error = await loadKerasModel(fixture('lambda.keras'), { name: 'lambda.keras' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsafeKerasObjectError);
    expect((error as UnsafeKerasObjectError).layer).toBe('double');
    expect((error as UnsafeKerasObjectError).className).toBe('Lambda');
  });

  it('refuses a custom layer class registered in Python', async () => {
    const error = await loadKerasModel(fixture('custom-layer.keras'), { name: 'custom-layer.keras' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsafeKerasObjectError);
    expect((error as UnsafeKerasObjectError).className).toBe('MyProject>Scale');
  });

  it('refuses an unsupported layer with its name, class and the supported list', async () => {
    const error = await loadKerasModel(fixture('unsupported-layer.keras'), { name: 'unsupported-layer.keras' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnsupportedKerasLayerError);
    const unsupported = error as UnsupportedKerasLayerError;
    expect([unsupported.layer, unsupported.className]).toEqual(['unit_norm', 'UnitNormalization']);
    expect(unsupported.supported).toContain('DepthwiseConv2D');
    expect(unsupported.message).toMatch(/unit_norm.*UnitNormalization/);
  });
});
