import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectKerasH5 } from './inspect-keras-h5.js';
import { readKerasH5Weights } from './read-keras-h5-weights.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const shared = process.env['DENDRITE_SHARED'] ?? path.resolve(repoRoot, '../shared');
const h5Path = path.join(shared, 'models/teachable-machine-keras-h5/keras_model.h5');
const tfjsDir = path.join(shared, 'models/mobilenet_v2_0.35_224_no_top-imagenet-tfjs-layers-float32');

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
}

/** The TF.js copy of the same MobileNetV2 0.35 base: one float32 shard, in manifest order. */
function readTfjsBase(): Map<string, { shape: number[]; values: Float32Array }> {
  const model = JSON.parse(readFileSync(path.join(tfjsDir, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: ManifestEntry[] }[];
  };
  const group = model.weightsManifest[0];
  if (group === undefined || group.paths.length !== 1) throw new Error('expected one weight group in one shard');
  const shard = readFileSync(path.join(tfjsDir, group.paths[0] ?? ''));
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  let offset = 0;
  for (const entry of group.weights) {
    const count = entry.shape.reduce((product, size) => product * size, 1);
    const values = new Float32Array(shard.buffer.slice(shard.byteOffset + offset, shard.byteOffset + offset + 4 * count));
    out.set(entry.name, { shape: entry.shape, values });
    offset += 4 * count;
  }
  return out;
}

describe.skipIf(!existsSync(h5Path))(`readKerasH5Weights on a real Teachable Machine export${!existsSync(h5Path) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  let bytes: Uint8Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    bytes = new Uint8Array(readFileSync(h5Path));
  });

  it('sees a model.save() file whose base is a nested Sequential', () => {
    const contents = inspectKerasH5(bytes, { source: h5Path });
    expect(contents.kind).toBe('model');
    expect(contents.kerasVersion).toBe('2.4.0');
    expect(contents.backend).toBe('tensorflow');
    expect(contents.modelName).toBe('sequential_12');
    expect(contents.layers.map((layer) => [layer.name, layer.className, layer.nested, layer.weights.length])).toEqual([
      ['sequential_9', 'Sequential', true, 260],
      ['sequential_11', 'Sequential', true, 3],
    ]);
    expect(contents.layers[1]?.weights.map((weight) => [weight.key, weight.shape])).toEqual([
      ['dense_Dense5/kernel', [1280, 100]],
      ['dense_Dense5/bias', [100]],
      ['dense_Dense6/kernel', [100, 3]],
    ]);
  });

  it('reads the MobileNetV2 0.35 base under its inner Keras layer names and shapes', () => {
    const before = tf.memory().numTensors;
    const weights = readKerasH5Weights(bytes, { source: h5Path, layers: ['sequential_9'] });
    try {
      expect(Object.keys(weights)).toHaveLength(260);
      expect(tf.memory().numTensors).toBe(before + 260);
      const shapes = Object.fromEntries(Object.entries(weights).map(([key, tensor]) => [key, tensor.shape]));
      expect(shapes['Conv1/kernel']).toEqual([3, 3, 3, 16]);
      expect(shapes['bn_Conv1/moving_mean']).toEqual([16]);
      expect(shapes['expanded_conv_depthwise/depthwise_kernel']).toEqual([3, 3, 16, 1]);
      expect(shapes['block_1_expand/kernel']).toEqual([1, 1, 8, 48]);
      expect(shapes['block_16_project/kernel']).toEqual([1, 1, 336, 112]);
      expect(shapes['Conv_1/kernel']).toEqual([1, 1, 112, 1280]);
      expect(shapes['Conv_1_bn/moving_variance']).toEqual([1280]);
      const parameters = Object.values(weights).reduce((sum, tensor) => sum + tensor.size, 0);
      expect(parameters).toBe(410_208);
      expect(Object.values(weights).every((tensor) => tensor.dtype === 'float32')).toBe(true);
    } finally {
      tf.dispose(Object.values(weights));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(!existsSync(tfjsDir))(`gives exactly the weights of the TF.js copy of the same base${existsSync(tfjsDir) ? '' : ' (skipped: ../shared has no TF.js copy of this base)'}`, () => {
    const tfjs = readTfjsBase();
    const weights = readKerasH5Weights(bytes, { source: h5Path, layers: ['sequential_9'] });
    try {
      expect(new Set(Object.keys(weights))).toEqual(new Set(tfjs.keys()));
      let differing = 0;
      for (const [key, tensor] of Object.entries(weights)) {
        const expected = tfjs.get(key);
        expect(tensor.shape, key).toEqual(expected?.shape);
        const actual = tensor.dataSync();
        if (!actual.every((value, index) => Object.is(value, expected?.values[index]))) differing += 1;
      }
      expect(differing).toBe(0);
    } finally {
      tf.dispose(Object.values(weights));
    }
  });

  it('reads the whole model, base and head, when no layer is picked', () => {
    const weights = readKerasH5Weights(bytes, { source: h5Path });
    try {
      expect(Object.keys(weights)).toHaveLength(263);
      expect(weights['dense_Dense6/kernel']?.shape).toEqual([100, 3]);
      expect(weights['Conv1/kernel']?.shape).toEqual([3, 3, 3, 16]);
    } finally {
      tf.dispose(Object.values(weights));
    }
  });
});
