import '@tensorflow/tfjs-backend-cpu';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fit, InvalidArgumentError, InvalidDataError, ResourceNotFoundError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { WeightsFileError } from '../errors.js';
import { readLayersModelJsonWeights } from '../weights/layers-model-json.js';
import { transferClassNames } from './class-names.js';
import { loadModel, modelFolder, saveModel } from './model-folder.js';
import { transferModel } from './transfer-model.js';

let before = 0;
let folder: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
  folder = mkdtempSync(join(tmpdir(), 'dendrite-model-folder-'));
  setPlatform(createNodePlatform({ cacheDir: join(folder, 'cache'), output: { write: () => true } }));
});
afterEach(() => {
  clearPlatform();
  rmSync(folder, { recursive: true, force: true });
  expect(tf.memory().numTensors).toBe(before);
});

describe('saveModel and loadModel', () => {
  it('save a trained transfer model to a folder and load it back with identical predictions, class names and frozen layers', async () => {
    const base = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: true, classes: 10 });
    const model = transferModel(base, { classNames: ['female', 'male'], seed: 4 });
    const x = tf.randomUniform([4, 32, 32, 3], -1, 1, 'float32', 2);
    const y = tf.tensor1d([0, 1, 1, 0]);
    await fit(model, x, y, { epochs: 1, batchSize: 2, seed: 1, verbose: 0 });
    const target = join(folder, 'models', 'cats');
    const saved = await saveModel(model, target);
    expect(saved.modelArtifactsInfo.weightDataBytes).toBeGreaterThan(0);
    expect(readdirSync(target).sort()).toEqual(['model.json', 'weights.bin']);
    expect(JSON.parse(readFileSync(join(target, 'model.json'), 'utf8')).userDefinedMetadata).toEqual({ classNames: ['female', 'male'] });

    const loaded = await loadModel(target);
    expect(transferClassNames(loaded)).toEqual(['female', 'male']);
    expect(loaded.layers.filter((layer) => layer.trainable).map((layer) => layer.name)).toEqual(['transfer_head']);
    const [expected, actual] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(actual.dataSync()).toEqual(expected.dataSync());
    // The same folder loads with TensorFlow.js's own loader and the handler.
    const again = await tfl.loadLayersModel(modelFolder(`${target}/`));
    expect(again.countParams()).toBe(model.countParams());
    tf.dispose([x, y, expected, actual]);
    again.dispose();
    loaded.dispose();
    model.dispose();
  });

  it('say what is wrong: a missing folder, a file that is not a model, a platform that cannot write', async () => {
    await expect(loadModel(join(folder, 'absent'))).rejects.toThrow(ResourceNotFoundError);
    writeFileSync(join(folder, 'model.json'), '{"not": "a model"}');
    await expect(loadModel(folder)).rejects.toThrow(InvalidDataError);
    expect(() => modelFolder('')).toThrow(InvalidArgumentError);

    const { writeBytes: _, ...readOnly } = createNodePlatform({ output: { write: () => true } });
    setPlatform(readOnly);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(saveModel(model, join(folder, 'out'))).rejects.toThrow(/no file system/);
    model.dispose();
  });

  it.each([
    ['cut short', (file: string, size: number) => truncateSync(file, size - 10), /weights\.bin hold 26 \(cut short by 10 bytes\)/],
    ['too long', (file: string) => appendFileSync(file, new Uint8Array(3)), /weights\.bin hold 39 \(3 bytes too long\)/],
  ])(
    'a weights.bin %s: loadModel and the weights reader refuse it alike, naming the file and both byte counts',
    async (_, damage, counts) => {
      const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [2] })] });
      const target = join(folder, 'damaged');
      await saveModel(model, target);
      model.dispose();
      const weightsFile = join(target, 'weights.bin');
      damage(weightsFile, readFileSync(weightsFile).byteLength);

      const viaLoadModel = await loadModel(target).catch((error: unknown) => error);
      expect(viaLoadModel).toBeInstanceOf(WeightsFileError);
      expect((viaLoadModel as WeightsFileError).source).toBe(join(target, 'model.json'));
      expect((viaLoadModel as Error).message).toMatch(/declares 36 bytes of weights but the shards /);
      expect((viaLoadModel as Error).message).toContain(weightsFile);
      expect((viaLoadModel as Error).message).toMatch(counts);
      expect((viaLoadModel as Error).message).toMatch(/save the model again with saveModel/);

      const viaReader = await readLayersModelJsonWeights(join(target, 'model.json')).catch((error: unknown) => error);
      expect(viaReader).toBeInstanceOf(WeightsFileError);
      expect((viaReader as Error).message).toContain(weightsFile);
      expect((viaReader as Error).message).toMatch(counts);
    },
  );
});
