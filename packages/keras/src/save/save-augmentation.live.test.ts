import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadKerasModel } from '../load/load-keras-model.js';
import { kerasUnavailable, predictWithKeras } from '../testing/python-keras.js';
import { saveKerasModel } from './save-keras-model.js';

const unavailable = kerasUnavailable();
if (unavailable !== undefined) console.log(unavailable);

await useNodePlatform({ backend: 'cpu' });

describe.skipIf(unavailable !== undefined)('augmentation layers written by Dendrite, loaded by real Keras', () => {
  // Keras 3.15.1 cannot write these layers to a legacy .h5 itself (make-augmentation-fixtures.py), but
  // it reads the .h5 Dendrite writes; augmentation is the identity at inference on both sides.
  it.each(['keras', 'h5'] as const)(
    'a .%s holding every augmentation layer loads in Keras and predicts as Dendrite does',
    async (format) => {
      const model = await loadKerasModel(new Uint8Array(readFileSync(new URL('../../fixtures/augmentation.keras', import.meta.url))), {
        name: 'augmentation.keras',
      });
      const folder = mkdtempSync(join(tmpdir(), 'dendrite-augmentation-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const path = join(folder, `augmentation.${format}`);
      await saveKerasModel(model, path);
      const data = Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => ((i * 7919) % 1000) / 500 - 1);
      const expected = tf.tidy(() => (model.predict(tf.tensor(data, [2, 8, 8, 3])) as tf.Tensor).dataSync());
      const { results } = await predictWithKeras([{ path, inputs: { shape: [2, 8, 8, 3], data } }]);
      const [result] = results;
      if (result === undefined || result.error !== undefined)
        throw new Error(`Keras could not load the file: ${result?.error ?? 'no result'}`);
      const difference = Math.max(...Array.from(expected).map((v, i) => Math.abs(v - (result.data[i] as number))));
      console.log(`augmentation.${format} written by Dendrite: Keras predicts within ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-5);
      model.dispose();
    },
    120_000,
  );
});
