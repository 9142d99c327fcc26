import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UntrustedPathError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import { startStaticFileServer, type StaticFileServer } from '@dendrite/node/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLayersModelJsonWeights } from './layers-model-json.js';

// A model.json downloaded from one server must not decide which local files or other hosts are read.

const weights = new Uint8Array(new Float32Array([1.5, -2]).buffer);
const manifest = (path: string): string =>
  JSON.stringify({ weightsManifest: [{ paths: [path], weights: [{ name: 'dense/kernel', shape: [2], dtype: 'float32' }] }] });

let home: StaticFileServer;
let other: StaticFileServer;
let folder: string;

beforeEach(async () => {
  await tf.setBackend('cpu');
  folder = await mkdtemp(join(tmpdir(), 'dendrite-manifest-trust-'));
  home = await startStaticFileServer({ root: folder });
  other = await startStaticFileServer({ root: folder, routes: { '/w.bin': { body: weights } } });
  setPlatform(createNodePlatform({ cacheDir: join(folder, 'cache') }));
});
afterEach(async () => {
  clearPlatform();
  await home.close();
  await other.close();
  await rm(folder, { recursive: true, force: true });
});

async function refusal(shardPath: string): Promise<UntrustedPathError> {
  home.setRoute('/m/model.json', { body: manifest(shardPath) });
  const error = await readLayersModelJsonWeights(`${home.url}/m/model.json`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UntrustedPathError);
  return error as UntrustedPathError;
}

describe('a remote model.json', () => {
  it('reads the shards in its own folder', async () => {
    home.setRoute('/m/model.json', { body: manifest('w.bin') });
    home.setRoute('/m/w.bin', { body: weights });
    const read = await readLayersModelJsonWeights(`${home.url}/m/model.json`);
    expect(Array.from(read['dense/kernel']!.dataSync())).toEqual([1.5, -2]);
    tf.dispose(read);
  });

  it('may not name a local file:, which is never read', async () => {
    const secret = join(folder, 'secret.bin');
    await writeFile(secret, weights);
    const error = await refusal(pathToFileURL(secret).href);
    expect(error.manifest).toBe(`${home.url}/m/model.json`);
    expect(error.path).toBe(pathToFileURL(secret).href);
    expect(error.message).toContain('allowedOrigins');
    expect(home.requests).toEqual(['/m/model.json']);
  });

  it('may not send a request to a second server, unless its origin is allowed by name', async () => {
    const error = await refusal(`${other.url}/w.bin`);
    expect(error.option).toBe('allowedOrigins');
    expect(other.requests).toEqual([]);

    const read = await readLayersModelJsonWeights(`${home.url}/m/model.json`, { allowedOrigins: [other.url] });
    expect(other.requests).toEqual(['/w.bin']);
    tf.dispose(read);
  });

  it('may not climb out of its folder with ../', async () => {
    home.setRoute('/w.bin', { body: weights });
    const error = await refusal('../w.bin');
    expect(error.option).toBe('allowPathsOutsideFolder');
    expect(home.requests).toEqual(['/m/model.json']);
  });
});
