import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KerasConfigError } from '../config/errors.js';
import { loadKerasModel } from './load-keras-model.js';

const folder = mkdtempSync(path.join(tmpdir(), 'dendrite-model-json-'));
const topology = {
  class_name: 'Sequential',
  config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 1, batch_input_shape: [null, 1] } }] },
};

function manifest(shard: string): string {
  const file = path.join(folder, `${shard.replace(/\W/g, '_')}.json`);
  writeFileSync(file, JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: [shard], weights: [{ name: 'd/kernel', shape: [1, 1], dtype: 'float32' }, { name: 'd/bias', shape: [1], dtype: 'float32' }] }] }));
  return file;
}

beforeAll(() => setPlatform(createNodePlatform({ offline: true })));
afterAll(() => {
  clearPlatform();
  rmSync(folder, { recursive: true, force: true });
});

describe('loadKerasModel on a model.json', () => {
  it('reads shards beside it', async () => {
    writeFileSync(path.join(folder, 'w.bin'), new Uint8Array(new Float32Array([2, 0.5]).buffer));
    const model = await loadKerasModel(manifest('w.bin'));
    expect(model.getLayer('d').getWeights().map((weight) => [...weight.dataSync()])).toEqual([[2], [0.5]]);
    model.dispose();
  });

  it.each(['../secret.bin', '/etc/passwd', 'file:///etc/passwd', 'http://127.0.0.1:9/w.bin'])('refuses a shard path outside its folder: %s', async (shard) => {
    const error = await loadKerasModel(manifest(shard)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KerasConfigError);
    expect((error as Error).message).toContain(`'${shard}', outside the model.json's folder`);
  });
});
