import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fit } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import { saveKerasModel } from '@dendrite/keras';
import { buildMobileNetV2, transferModel } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it, onTestFinished } from 'vitest';

// Part 4's model goes to Keras: the course's transfer model (a frozen MobileNetV2 and a Dense head
// on its pooled features) and the Keras guide's nested form (the base called as a layer, then
// Dropout and Dense), each trained in Dendrite, saved as .keras and .h5, and loaded by real Keras.
const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';
const probe = spawnSync(python, ['-c', 'import keras'], { encoding: 'utf8', timeout: 120_000 });
const unavailable =
  probe.status === 0
    ? undefined
    : `live Keras test skipped: '${python} -c "import keras"' failed (${probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? ''}); set DENDRITE_KERAS_PYTHON`;
if (unavailable !== undefined) console.log(unavailable);

const PREDICT = `
import json, sys, numpy as np, keras
jobs = json.load(open(sys.argv[1]))
out = []
for job in jobs:
    model = keras.saving.load_model(job["path"])
    x = np.asarray(job["x"], dtype="float32").reshape(job["shape"])
    out.append({"y": np.asarray(model.predict(x, verbose=0)).reshape(-1).tolist(), "params": int(model.count_params())})
print(json.dumps(out))
`;

await useNodePlatform({ backend: 'cpu' });

/** MobileNetV2 alpha 0.35 with batch-norm statistics far from their initial 0 and 1. */
function base(): LayersModel {
  const model = buildMobileNetV2({ alpha: 0.35, inputShape: [64, 64, 3], includeTop: true, classes: 10 });
  const random = new SeededRandom(5);
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const size = layer.getWeights()[0]!.shape[0]!;
    const draw = (low: number, high: number) => tf.tensor1d(Array.from({ length: size }, () => low + (high - low) * random.next()));
    const values = [draw(0.5, 1.5), draw(-0.5, 0.5), draw(-1, 1), draw(0.2, 2)];
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

function nested(): LayersModel {
  const full = base();
  const features = tfl.model({
    inputs: full.inputs,
    outputs: full.getLayer('global_average_pooling2d').output as SymbolicTensor,
    name: 'mobilenet_features',
  });
  features.trainable = false;
  const input = tfl.input({ shape: [64, 64, 3], name: 'photo' });
  let x = features.apply(input) as SymbolicTensor;
  x = tfl.layers.dropout({ rate: 0.2, name: 'head_dropout' }).apply(x) as SymbolicTensor;
  const output = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'head', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) })
    .apply(x) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: 'nested_transfer' });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe.skipIf(unavailable !== undefined)("part 4's trained model, saved for Keras", () => {
  it('the transfer model and its nested form, trained in Dendrite, load in Keras from .keras and .h5 and predict within 1e-5', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-transfer-keras-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const random = new SeededRandom(9);
    const shape = [6, 64, 64, 3];
    const data = Array.from({ length: 6 * 64 * 64 * 3 }, () => random.next() * 2 - 1);
    const x = tf.tensor4d(data, shape as [number, number, number, number]);
    const y = tf.tensor1d([0, 1, 0, 1, 0, 1], 'float32');
    const models = { transfer: transferModel(base(), { classNames: ['female', 'male'], seed: 1 }), nested: nested() };
    const jobs: { path: string; x: number[]; shape: number[] }[] = [];
    const expected: { file: string; y: Float32Array; params: number }[] = [];
    for (const [name, model] of Object.entries(models)) {
      await fit(model, x, y, { epochs: 2, batchSize: 3, verbose: 0, seed: 4 });
      const prediction = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
      for (const extension of ['keras', 'h5']) {
        const path = join(folder, `${name}.${extension}`);
        await saveKerasModel(model, path);
        jobs.push({ path, x: data, shape });
        expected.push({ file: `${name}.${extension}`, y: prediction, params: model.countParams() });
      }
    }
    writeFileSync(join(folder, 'jobs.json'), JSON.stringify(jobs));
    const results = JSON.parse(
      execFileSync(python, ['-c', PREDICT, join(folder, 'jobs.json')], {
        encoding: 'utf8',
        maxBuffer: 2 ** 28,
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
      })
        .trim()
        .split('\n')
        .pop()!,
    ) as { y: number[]; params: number }[];
    results.forEach((result, i) => {
      const { file, y: mine, params } = expected[i]!;
      const difference = Math.max(...result.y.map((value, k) => Math.abs(value - mine[k]!)));
      console.log(`${file}: ${params} parameters, largest difference from Dendrite's predictions ${difference.toExponential(2)}`);
      expect(result.params, file).toBe(params);
      expect(result.y, file).toHaveLength(mine.length);
      expect(difference, file).toBeLessThan(1e-5);
    });
    tf.dispose([x, y]);
    Object.values(models).forEach((model) => {
      model.dispose();
    });
  }, 600_000);
});
