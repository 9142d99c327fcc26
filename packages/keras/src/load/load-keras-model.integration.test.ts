import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { probeInput, type RecordedModel } from '../testing/probe-input.js';
import { loadKerasModel } from './load-keras-model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const shared = process.env['DENDRITE_SHARED'] ?? path.resolve(repoRoot, '../shared');
const h5Path = path.join(shared, 'models/teachable-machine-keras-h5/keras_model.h5');
const present = existsSync(h5Path);
if (!present) console.log(`Skipped: the Teachable Machine Keras 2 export is not at ${h5Path}.`);
const recorded = (
  JSON.parse(readFileSync(new URL('../../fixtures/predictions.json', import.meta.url), 'utf8')) as { models: Record<string, RecordedModel> }
).models['teachable_machine'] as RecordedModel;

describe.skipIf(!present)('loadKerasModel on a Keras 2 .h5 (Teachable Machine: Sequential of Sequential of Functional)', () => {
  it('predicts what Keras 3 predicts for the same model and weights, within 1e-5', async () => {
    const before = tf.memory().numTensors;
    const model = await loadKerasModel(new Uint8Array(readFileSync(h5Path)), { name: 'keras_model.h5' });
    expect(model.name).toBe('sequential_12');
    expect(model.layers.map((layer) => layer.name)).toEqual(['sequential_9', 'sequential_11']);
    const x = probeInput(recorded.input_shape);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(recorded.output_shape);
    const actual = await y.data();
    const difference = recorded.output.reduce((worst, value, index) => Math.max(worst, Math.abs((actual[index] ?? Number.NaN) - value)), 0);
    console.log('keras_model.h5 max |Dendrite - Keras|', difference);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
