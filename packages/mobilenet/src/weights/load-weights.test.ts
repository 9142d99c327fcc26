import '@tensorflow/tfjs-backend-cpu';
import { createHash } from 'node:crypto';
import { ChecksumMismatchError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { readKerasH5Weights } from '@dendrite/keras';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportLayersModelJson } from '../testing/export-weights.js';
import { createFilePlatform, memoryFiles } from '../testing/file-platform.js';
import { loadPublishedWeights, loadWeightsFile, weightsFormatOf } from './load-weights.js';

vi.mock('@dendrite/keras', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@dendrite/keras')>()),
  readKerasH5Weights: vi.fn(),
}));

const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function tinyModel(seed: number): tfl.LayersModel {
  const input = tfl.input({ shape: [2] });
  const dense = tfl.layers.dense({
    name: 'predictions',
    units: 3,
    kernelInitializer: tfl.initializers.randomNormal({ seed }),
    biasInitializer: 'ones',
  });
  return tfl.model({ inputs: input, outputs: dense.apply(input) as tfl.SymbolicTensor });
}

function kernelOf(model: tfl.LayersModel): number[] {
  return Array.from(model.getLayer('predictions').getWeights()[0]?.dataSync() ?? []);
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
  vi.mocked(readKerasH5Weights).mockReset();
  expect(tf.memory().numTensors).toBe(before);
});

describe('weightsFormatOf', () => {
  it('tells Keras HDF5 files from model.json by name', () => {
    expect(weightsFormatOf('models/a/model.json')).toBe('tfjs-layers');
    expect(weightsFormatOf('https://host/w.h5')).toBe('keras-h5');
    expect(weightsFormatOf('https://host/W.HDF5?download=1')).toBe('keras-h5');
    expect(weightsFormatOf('cats.keras')).toBe('keras-h5');
    expect(weightsFormatOf('cats.weights.h5')).toBe('keras-h5');
  });
});

describe('loadWeightsFile', () => {
  it('hands .h5 bytes to the Keras reader and assigns what it returns', async () => {
    const source = tinyModel(1);
    const target = tinyModel(2);
    const h5 = new Uint8Array([0x89, 0x48, 0x44, 0x46]);
    setPlatform(createFilePlatform({ readFile: memoryFiles({ 'w.h5': h5 }) }));
    vi.mocked(readKerasH5Weights).mockImplementation(() => ({
      'predictions/kernel': source.getLayer('predictions').getWeights()[0]!.clone(),
      'predictions/bias': source.getLayer('predictions').getWeights()[1]!.clone(),
    }));
    expect(await loadWeightsFile(target, 'w.h5')).toEqual({ assigned: 2, unused: [] });
    expect(vi.mocked(readKerasH5Weights)).toHaveBeenCalledWith(h5, { source: 'w.h5' });
    expect(kernelOf(target)).toEqual(kernelOf(source));
    source.dispose();
    target.dispose();
  });
});

describe('loadWeightsFile from a URL', () => {
  it('downloads model.json and its shard once, then loads them from the cache', async () => {
    const source = tinyModel(1);
    const platform = createFilePlatform({ readFile: memoryFiles(await exportLayersModelJson(source, 'https://host/tiny/model.json')) });
    setPlatform(platform);
    for (let i = 0; i < 2; i++) {
      const target = tinyModel(2 + i);
      await loadWeightsFile(target, new URL('https://host/tiny/model.json'));
      expect(kernelOf(target)).toEqual(kernelOf(source));
      target.dispose();
    }
    expect(platform.reads).toEqual(['https://host/tiny/model.json', 'https://host/tiny/weights.bin']);
    expect([...platform.stored.keys()].sort()).toEqual(['weights/https://host/tiny/model.json', 'weights/https://host/tiny/weights.bin']);
    source.dispose();
  });

  it('keeps nothing in the cache when the download is unusable, but keeps weights that merely do not fit', async () => {
    const source = tinyModel(1);
    const files = await exportLayersModelJson(source, 'https://host/tiny/model.json');
    const platform = createFilePlatform({ readFile: memoryFiles({ ...files, 'https://host/tiny/weights.bin': new Uint8Array(5) }) });
    setPlatform(platform);
    const target = tinyModel(2);
    await expect(loadWeightsFile(target, 'https://host/tiny/model.json')).rejects.toThrow(
      /declares 36 bytes of weights but the shards \S*weights\.bin hold 5 \(cut short by 31 bytes\)/,
    );
    expect(platform.stored.size).toBe(0);

    const other = tinyModel(3);
    const otherFiles = await exportLayersModelJson(other, 'https://host/other/model.json');
    other.dispose();
    const wide = tfl.sequential({ layers: [tfl.layers.dense({ name: 'predictions', units: 4, inputShape: [2] })] });
    const fitting = createFilePlatform({ readFile: memoryFiles(otherFiles) });
    setPlatform(fitting);
    await expect(loadWeightsFile(wide, 'https://host/other/model.json')).rejects.toThrow(/predictions/);
    expect(fitting.stored.size).toBe(2);
    wide.dispose();
    target.dispose();
    source.dispose();
  });
});

describe('loadPublishedWeights', () => {
  it('downloads each file once into the cache, checking the sha256 of the first', async () => {
    const source = tinyModel(1);
    const files = await exportLayersModelJson(source, 'https://host/tiny/model.json');
    const platform = createFilePlatform({ readFile: memoryFiles(files), sha256 });
    setPlatform(platform);
    const published = {
      url: 'https://host/tiny/model.json',
      format: 'tfjs-layers' as const,
      sha256: await sha256(new TextEncoder().encode(files['https://host/tiny/model.json'] as string)),
    };
    for (let i = 0; i < 2; i++) {
      const target = tinyModel(2 + i);
      await loadPublishedWeights(target, published, 'tiny');
      expect(kernelOf(target)).toEqual(kernelOf(source));
      target.dispose();
    }
    expect(platform.reads).toEqual(['https://host/tiny/model.json', 'https://host/tiny/weights.bin']);
    expect([...platform.stored.keys()].sort()).toEqual(['tiny/model.json', 'tiny/weights.bin']);
    source.dispose();
  });

  it('refuses a file whose sha256 differs, caching nothing', async () => {
    const source = tinyModel(1);
    const platform = createFilePlatform({
      readFile: memoryFiles(await exportLayersModelJson(source, 'https://host/tiny/model.json')),
      sha256,
    });
    setPlatform(platform);
    const target = tinyModel(2);
    const published = { url: 'https://host/tiny/model.json', format: 'tfjs-layers' as const, sha256: '0'.repeat(64) };
    await expect(loadPublishedWeights(target, published, 'tiny')).rejects.toThrow(ChecksumMismatchError);
    expect(platform.stored.size).toBe(0);
    source.dispose();
    target.dispose();
  });
});
