import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { loadImage } from '@dendrite/data';
import { preprocessInput } from '@dendrite/mobilenet';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const shared = process.env['DENDRITE_SHARED'] ?? resolve(repoRoot, '../shared');
const boef = resolve(shared, 'data/pythontutorials/boef.jpg');
const labels = resolve(shared, 'models/imagenet-labels/imagenet_class_index.json');
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';
const run = promisify(execFile);

const hasShared = existsSync(boef) && existsSync(labels);
const hasKeras = spawnSync(python, ['-c', 'import keras'], { encoding: 'utf8', timeout: 120_000 }).status === 0;
const skipped = !hasShared ? '../shared is absent' : !hasKeras ? `${python} cannot import keras (set DENDRITE_KERAS_PYTHON)` : undefined;
if (skipped !== undefined) console.log(`Skipped the .keras classify test: ${skipped}.`);

// Keras saves a MobileNetV2 alpha 0.35 (random weights, non-trivial BatchNorm statistics) as
// .keras, and predicts on the exact input the CLI feeds its model (written by the test).
const script = `
import json, os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras, numpy as np
folder = sys.argv[1]
keras.utils.set_random_seed(3)
rng = np.random.default_rng(3)
model = keras.applications.MobileNetV2(alpha=0.35, weights=None)
for layer in model.layers:
    if isinstance(layer, keras.layers.BatchNormalization):
        g, b, m, v = layer.get_weights()
        layer.set_weights([rng.uniform(0.5, 1.5, g.shape), rng.uniform(-0.5, 0.5, b.shape), rng.uniform(-0.3, 0.3, m.shape), rng.uniform(0.5, 2.0, v.shape)])
model.save(os.path.join(folder, "mobilenet_v2_0.35.keras"))
x = np.fromfile(os.path.join(folder, "input.f32"), dtype="<f4").reshape(1, 224, 224, 3)
y = model.predict(x, verbose=0)[0]
top = np.argsort(-y, kind="stable")[:5]
json.dump({"parameters": int(model.count_params()), "top": [[int(i), float(y[i])] for i in top]}, open(os.path.join(folder, "keras.json"), "w"))
`;

describe.skipIf(skipped !== undefined)('the CLI classifies with a .keras file saved by Keras in Python', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-keras-cli-'));
    const platform = createNodePlatform({ offline: true, cacheDir: join(folder, 'cache') });
    await platform.initBackend();
    setPlatform(platform);
  });
  afterAll(async () => {
    clearPlatform();
    await rm(folder, { recursive: true, force: true });
  });

  it('reads alpha 0.35 from the file and gives the top 5 Keras gives, scores within 1e-5', async () => {
    // The CLI's input: the photo stretched to 224 x 224, then preprocessInput.
    const photo = await loadImage(boef, { size: [224, 224], resizeMode: 'stretch' });
    const input = tf.tidy(() => preprocessInput(tf.expandDims<tf.Tensor4D>(photo, 0)));
    await writeFile(join(folder, 'input.f32'), new Uint8Array(((await input.data()) as Float32Array).buffer));
    tf.dispose([photo, input]);
    const made = spawnSync(python, ['-c', script, folder], { encoding: 'utf8', timeout: 300_000 });
    expect(made.status, made.stderr).toBe(0);
    const keras = JSON.parse(await readFile(join(folder, 'keras.json'), 'utf8')) as { parameters: number; top: Array<[number, number]> };

    const file = join(folder, 'mobilenet_v2_0.35.keras');
    const { stdout } = await run(process.execPath, [cli, 'classify', boef, '--weights', file, '--labels', labels, '--json', '--offline', '--cache-dir', join(folder, 'cache')], {
      env: { ...process.env, CI: 'true' },
    });
    const result = JSON.parse(stdout) as { parameters: number; images: Array<{ top: Array<{ classIndex: number; score: number }> }> };
    expect(result.parameters).toBe(keras.parameters);
    const top = result.images[0]?.top ?? [];
    expect(top.map((prediction) => prediction.classIndex)).toEqual(keras.top.map(([index]) => index));
    top.forEach((prediction, rank) => expect(Math.abs(prediction.score - (keras.top[rank]?.[1] ?? Number.NaN))).toBeLessThan(1e-5));
  });
});
