import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKerasModel } from '../load/load-keras-model.js';
import { probeInput } from '../testing/probe-input.js';
import { encodeKerasModel } from './save-keras-model.js';

const file = new Uint8Array(readFileSync(new URL('../../fixtures/augmentation.keras', import.meta.url)));
const augmentationLayers = ['flip', 'rotation', 'zoom', 'translation', 'contrast', 'brightness'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('saveKerasModel with augmentation layers', () => {
  it.each(['keras', 'h5'] as const)(
    'writes every augmentation layer to .%s and reads it back with the same config and predictions',
    async (format) => {
      const model = await loadKerasModel(file, { name: 'augmentation.keras' });
      const bytes = await encodeKerasModel(model, { format });
      const reloaded = await loadKerasModel(bytes, { name: `augmentation.${format}` });
      for (const name of augmentationLayers) expect(reloaded.getLayer(name).getConfig(), name).toEqual(model.getLayer(name).getConfig());
      const x = probeInput([2, 8, 8, 3], 1);
      const [a, b] = tf.tidy(() => [(model.predict(x) as tf.Tensor).dataSync(), (reloaded.predict(x) as tf.Tensor).dataSync()]);
      expect(b).toEqual(a);
      x.dispose();
      model.dispose();
      reloaded.dispose();
    },
  );
});
