import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeInput } from '../testing/probe-input.js';
import { loadKerasModel } from './load-keras-model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const shared = process.env['DENDRITE_SHARED'] ?? path.resolve(repoRoot, '../shared');
const folders = ['mobilenet_v2_0.35_224_no_top-imagenet-tfjs-layers-float32', 'teachable-machine-export-mobilenet_v2_0.35_224'];
const present = folders.every((folder) => existsSync(path.join(shared, 'models', folder, 'model.json')));
if (!present) console.log(`Skipped: the TF.js models are not in ${path.join(shared, 'models')}.`);

/** TF.js's own loader on the same files, as the reference. */
async function loadWithTfjs(modelJson: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(readFileSync(modelJson, 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((shard) => readFileSync(path.join(path.dirname(modelJson), shard))));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((group) => group.weights), weightData }));
}

describe.skipIf(!present)('loadKerasModel on TF.js layers model.json files', () => {
  beforeAll(async () => {
    const platform = createNodePlatform({ offline: true });
    await platform.initBackend();
    setPlatform(platform);
  });
  afterAll(() => clearPlatform());

  it.each(folders)('%s predicts what tf.loadLayersModel predicts, within 1e-5', async (folder) => {
    const file = path.join(shared, 'models', folder, 'model.json');
    const ours = await loadKerasModel(file);
    const reference = await loadWithTfjs(file);
    const x = probeInput([1, 224, 224, 3]);
    const [a, b] = [ours.predict(x) as tf.Tensor, reference.predict(x) as tf.Tensor];
    expect(a.shape).toEqual(b.shape);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose([x, a, b]);
    ours.dispose();
    reference.dispose();
  });
});
