import '@tensorflow/tfjs-backend-cpu';
import { ResourceNotFoundError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import type { TransferProgress } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeightsFileError } from '../errors.js';
import { createFilePlatform, memoryFiles } from '../testing/file-platform.js';
import type { FilePlatform } from '../testing/file-platform.js';
import { loadLayersModelJsonWeights, readLayersModelJsonWeights } from './layers-model-json.js';


/** A dense layer 'predictions' (2 -> 3): uint8-quantized kernel in shard 1, float32 bias across shards. */
function tinyFiles(overrides: { manifestPaths?: string[]; format?: string; dropBytes?: number } = {}): Record<string, Uint8Array | string> {
  const kernel = new Uint8Array([0, 1, 2, 3, 4, 250]);
  const bias = new Uint8Array(new Float32Array([0.25, -1, 8]).buffer);
  const all = new Uint8Array([...kernel, ...bias]);
  const cut = 10;
  const manifest = [
    {
      paths: overrides.manifestPaths ?? ['group1-shard1of2.bin', 'sub/group1-shard2of2.bin'],
      weights: [
        { name: 'predictions/kernel', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
        { name: 'predictions/bias', shape: [3], dtype: 'float32' },
      ],
    },
  ];
  return {
    'models/tiny/model.json': JSON.stringify({ format: overrides.format ?? 'layers-model', modelTopology: {}, weightsManifest: manifest }),
    'models/tiny/group1-shard1of2.bin': all.slice(0, cut),
    'models/tiny/sub/group1-shard2of2.bin': all.slice(cut, all.length - (overrides.dropBytes ?? 0)),
  };
}

function tinyModel(units = 3): tfl.LayersModel {
  const input = tfl.input({ shape: [2] });
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ name: 'predictions', units }).apply(input) as tfl.SymbolicTensor });
}

let platform: FilePlatform;
function usePlatform(files: Record<string, Uint8Array | string>): void {
  platform = createFilePlatform({ readFile: memoryFiles(files) });
  setPlatform(platform);
}

let before = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  clearPlatform();
  expect(tf.memory().numTensors).toBe(before);
});

describe('readLayersModelJsonWeights', () => {
  it('reads the shards beside model.json, dequantizes, and reports progress for every file', async () => {
    usePlatform(tinyFiles());
    const events: TransferProgress[] = [];
    const weights = await readLayersModelJsonWeights('models/tiny/model.json', { onProgress: (event) => events.push(event) });
    expect(Object.keys(weights).sort()).toEqual(['predictions/bias', 'predictions/kernel']);
    expect(weights['predictions/kernel']?.shape).toEqual([2, 3]);
    expect(Array.from(weights['predictions/kernel']?.dataSync() ?? [])).toEqual([-1, -0.5, 0, 0.5, 1, 124]);
    expect(Array.from(weights['predictions/bias']?.dataSync() ?? [])).toEqual([0.25, -1, 8]);
    expect(platform.reads).toEqual(['models/tiny/model.json', 'models/tiny/group1-shard1of2.bin', 'models/tiny/sub/group1-shard2of2.bin']);
    expect(events.map((event) => event.source)).toEqual(platform.reads);
    tf.dispose(weights);
  });

  it('rejects files that are not TF.js layers models', async () => {
    const cases: Array<[string | Record<string, Uint8Array | string>, RegExp]> = [
      ['{not json', /not valid JSON/],
      ['[1, 2]', /not a JSON object/],
      ['{"modelTopology": {}}', /no weightsManifest/],
      ['{"weightsManifest": [{"paths": ["a.bin"]}]}', /weightsManifest\[0\] lacks/],
      [tinyFiles({ format: 'graph-model' }), /graph model/],
      [tinyFiles({ dropBytes: 4 }), /declares 18 bytes .* hold 14/],
    ];
    for (const [content, message] of cases) {
      usePlatform(typeof content === 'string' ? { 'models/tiny/model.json': content } : content);
      const read = readLayersModelJsonWeights('models/tiny/model.json');
      await expect(read).rejects.toThrow(WeightsFileError);
      await expect(read).rejects.toThrow(message);
    }
  });

  it('passes on the platform error for a missing shard', async () => {
    usePlatform(tinyFiles({ manifestPaths: ['group1-shard1of2.bin', 'missing.bin'] }));
    await expect(readLayersModelJsonWeights('models/tiny/model.json')).rejects.toThrow(ResourceNotFoundError);
  });
});

describe('loadLayersModelJsonWeights', () => {
  it('assigns by name and frees the decoded tensors', async () => {
    usePlatform(tinyFiles());
    const model = tinyModel();
    const tensorsWithModel = tf.memory().numTensors;
    const result = await loadLayersModelJsonWeights(model, 'models/tiny/model.json');
    expect(result).toEqual({ assigned: 2, unused: [] });
    expect(tf.memory().numTensors).toBe(tensorsWithModel);
    expect(Array.from(model.getLayer('predictions').getWeights()[1]?.dataSync() ?? [])).toEqual([0.25, -1, 8]);
    model.dispose();
  });

  it('fails with WeightsMismatchError when the model is another shape, leaking nothing', async () => {
    usePlatform(tinyFiles());
    const model = tinyModel(4);
    await expect(loadLayersModelJsonWeights(model, 'models/tiny/model.json')).rejects.toMatchObject({
      name: 'WeightsMismatchError',
      source: 'models/tiny/model.json',
      layer: 'predictions',
    });
    model.dispose();
  });
});

