// Issue 16's figures: how close Dendrite's classificationReport is to scikit-learn's, and how
// closely gradCam on a transfer model written by real Keras (nested MobileNetV2 with ImageNet
// weights, trained head) follows Keras's Grad-CAM, from the fixtures the Python scripts wrote.
// Run (after building): node apps/tutorials/dist/bench/evaluation-parity-benchmark.js [--backend wasm|cpu]
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classificationReport, getPlatform, gradCam } from '@dendrite/core';
import { MobileNetV2, preprocessInput } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const shared = process.env['DENDRITE_SHARED_DIR'] ?? resolve(repo, '../shared');
const coreFixtures = resolve(repo, 'packages/core/src/fixtures');
const camFixtures = resolve(repo, 'packages/mobilenet/src/explain/fixtures');
const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

type Scores = { precision: number; recall: number; 'f1-score': number; support: number };

function reportParity(): void {
  const fixture = json<{ classNames: string[]; cases: Record<string, { yTrue: number[]; yPred: number[]; confusionMatrix: number[][]; report: Record<string, Scores | number> }> }>(
    resolve(coreFixtures, 'classification-report.json'),
  );
  for (const [name, sk] of Object.entries(fixture.cases)) {
    const ours = classificationReport(sk.yTrue, sk.yPred, { classNames: fixture.classNames });
    const pairs: Array<[number, number]> = [[ours.accuracy, sk.report['accuracy'] as number]];
    const entries: Array<[string, typeof ours.macroAvg]> = [...fixture.classNames.map((c) => [c, ours.classes[c]!] as [string, typeof ours.macroAvg]), ['macro avg', ours.macroAvg], ['weighted avg', ours.weightedAvg]];
    for (const [key, scores] of entries) {
      const theirs = sk.report[key] as Scores;
      pairs.push([scores.precision, theirs.precision], [scores.recall, theirs.recall], [scores.f1Score, theirs['f1-score']], [scores.support, theirs.support]);
    }
    const largest = Math.max(...pairs.map(([a, b]) => Math.abs(a - b)));
    const same = JSON.stringify(ours.confusionMatrix) === JSON.stringify(sk.confusionMatrix);
    console.log(`classificationReport vs scikit-learn (${name}, ${sk.yTrue.length} labels): max |difference| ${largest.toExponential(2)}, confusion matrix ${same ? 'identical' : 'DIFFERENT'}`);
  }
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  a.forEach((x, i) => {
    const y = (b[i] as number) - mb;
    ab += (x - ma) * y;
    aa += (x - ma) ** 2;
    bb += y ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

async function gradCamParity(): Promise<void> {
  const weights = resolve(shared, 'models/mobilenet_v2_1.0_224_no_top-imagenet-tfjs-layers-float32/model.json');
  if (!existsSync(weights)) {
    console.log(`Grad-CAM parity skipped: ${weights} is absent.`);
    return;
  }
  type Weight = { shape: number[]; values: number[] };
  const head = json<{ classNames: string[]; 'transfer_head/kernel': Weight; 'transfer_head/bias': Weight }>(resolve(camFixtures, 'grad-cam-head.json'));
  const keras = json<{ photo: string; layer: string; probabilities: number[]; heatmaps: Record<string, number[][]> }>(resolve(camFixtures, 'grad-cam-keras.json'));
  // The model as Keras built it: MobileNetV2 nested as one layer, pooling, the trained Dense head.
  const base = await MobileNetV2({ includeTop: false, weights });
  const input = tfl.input({ shape: [224, 224, 3] });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(base.apply(input)) as tfl.SymbolicTensor;
  const dense = tfl.layers.dense({ units: head.classNames.length, activation: 'softmax', name: 'transfer_head' });
  const model = tfl.model({ inputs: input, outputs: dense.apply(pooled) as tfl.SymbolicTensor });
  const kernel = head['transfer_head/kernel'];
  tf.tidy(() => dense.setWeights([tf.tensor2d(kernel.values, kernel.shape as [number, number]), tf.tensor1d(head['transfer_head/bias'].values)]));
  const pixels = await getPlatform().decodeImage(new Uint8Array(readFileSync(resolve(camFixtures, 'grad-cam-photo.png'))));
  const images = tf.tidy(() => preprocessInput(tf.expandDims(tf.cast(pixels, 'float32'), 0) as tf.Tensor4D));
  const probabilities = tf.tidy(() => Array.from((model.predict(images) as tf.Tensor).dataSync()));
  const probabilityDifference = Math.max(...probabilities.map((p, i) => Math.abs(p - (keras.probabilities[i] as number))));
  console.log(`Keras transfer model on ${keras.photo}: probabilities [${probabilities.map((p) => p.toFixed(4)).join(', ')}], max |difference| from Keras ${probabilityDifference.toExponential(2)}`);
  for (const [classIndex, name] of head.classNames.entries()) {
    const started = performance.now();
    const heatmap = gradCam(model, images, { classIndex });
    const ours = Array.from(await heatmap.data());
    const ms = performance.now() - started;
    heatmap.dispose();
    const theirs = (keras.heatmaps[name] as number[][]).flat();
    const r = correlation(ours, theirs);
    const largest = Math.max(...ours.map((v, i) => Math.abs(v - (theirs[i] as number))));
    console.log(`Grad-CAM of '${name}' at ${keras.layer}: correlation with Keras ${r.toFixed(9)}, max |difference| ${largest.toExponential(2)} (${ms.toFixed(0)} ms)`);
  }
  tf.dispose([pixels, images]);
  model.dispose();
}

const at = process.argv.indexOf('--backend');
const { backend } = await useNodePlatform({ offline: true, ...(at >= 0 ? { backend: process.argv[at + 1] as string } : {}) });
console.log(`Backend: ${backend.selected}`);
reportParity();
await gradCamParity();
