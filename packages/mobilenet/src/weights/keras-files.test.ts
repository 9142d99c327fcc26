import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { MobileNetV2 } from '../mobilenet-v2.js';
import { createFilePlatform, memoryFiles } from '../testing/file-platform.js';

// Written by Keras 3.15.1 (packages/keras/fixtures/make-fixtures.py): MobileNetV2 alpha 0.35 at
// 96x96 with 10 classes, random weights and non-trivial BatchNorm statistics.
const fixtures = new URL('../../../keras/fixtures/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
const recorded = (JSON.parse(readFileSync(new URL('predictions.json', fixtures), 'utf8')) as {
  models: Record<string, { input_shape: number[]; output: number[] }>;
}).models['mobilenet_v2_035'] as { input_shape: number[]; output: number[] };

/** make-fixtures.py's probe input: element i is ((i * 7919) % 1000) / 500 - 1. */
function probeInput(shape: readonly number[]): tf.Tensor {
  const values = new Float32Array(shape.reduce((product, size) => product * size, 1));
  for (let index = 0; index < values.length; index += 1) values[index] = ((index * 7919) % 1000) / 500 - 1;
  return tf.tensor(values, [...shape]);
}

afterEach(() => clearPlatform());

describe('MobileNetV2 with weights Keras 3 wrote', () => {
  it.each(['mobilenet-v2-0.35.keras', 'mobilenet-v2-0.35.weights.h5'])(
    'reads alpha 0.35 and 10 classes from %s and predicts what Keras did (within 1e-5)',
    async (file) => {
      setPlatform(createFilePlatform({ readFile: memoryFiles({ [file]: read(file) }) }));
      const model = await MobileNetV2({ weights: file, inputShape: [96, 96, 3] });
      expect(model.getLayer('block_16_project').getWeights()[0]?.shape).toEqual([1, 1, 336, 112]);
      expect(model.outputs[0]?.shape).toEqual([null, 10]);
      const x = probeInput(recorded.input_shape);
      const y = model.predict(x) as tf.Tensor;
      const actual = await y.data();
      const difference = recorded.output.reduce((worst, value, index) => Math.max(worst, Math.abs((actual[index] ?? Number.NaN) - value)), 0);
      expect(difference).toBeLessThan(1e-5);
      tf.dispose([x, y]);
      model.dispose();
    },
  );

  it('an explicit alpha that the file contradicts is a weights mismatch, not a silent change', async () => {
    const file = 'mobilenet-v2-0.35.keras';
    setPlatform(createFilePlatform({ readFile: memoryFiles({ [file]: read(file) }) }));
    await expect(MobileNetV2({ weights: file, alpha: 1.0, inputShape: [96, 96, 3] })).rejects.toMatchObject({ code: 'keras-weights-mismatch' });
  });
});
