// Course part 4 end to end on the course's 40 cat photos, 20 epochs, batch 32: the Keras way (every
// photo through the whole model every epoch) against the fast way (the frozen base once per photo,
// then only the head trains), with feature throughput and peak memory. Peak RSS while streaming a
// folder of 2,000 images is measured by streaming-benchmark.js, not here.
// Run (after building): node apps/tutorials/dist/bench/transfer-benchmark.js [--backend wasm|cpu]
//   [--folder DIR] [--weights model.json] [--skip-keras]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseCatsRule, imageDatasetFromExamples, imageDatasetFromFiles, type ImageDataset } from '@dendrite/data';
import { MobileNetV2, extractFeatures, fitOnFeatures, fitTransferModel, preprocessInput, transferModel } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

const EPOCHS = 20;
const BATCH_SIZE = 32;
const SEED = 1;
const REFERENCE = 'PyTorch CPU, Keras way, batch 8: 12.6 s · stock tfjs (wasm) model.fit: 90-100 s · target for the fast way, decode included: <= 3 s';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
/** The process's peak resident memory so far (the kernel's high-water mark). */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
const seconds = (since: number): number => (performance.now() - since) / 1000;

async function loadBase(weights: string): Promise<LayersModel> {
  return MobileNetV2({ weights });
}

/** The fast way from the files: decode, features (no cache unless given), 20 epochs on the head. */
async function fastWay(weights: string, dataset: ImageDataset, cacheDir: string | undefined): Promise<{ load: number; features: number; train: number; accuracy: number; fromCache: number }> {
  let started = performance.now();
  const model = transferModel(await loadBase(weights), { classNames: dataset.classNames, seed: SEED });
  const load = seconds(started);
  try {
    started = performance.now();
    const { features, labels, fromCache } = await extractFeatures(model, dataset, { cache: cacheDir !== undefined });
    const featureSeconds = seconds(started);
    started = performance.now();
    const history = await fitOnFeatures(model, features, labels, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: SEED, verbose: 0 });
    const train = seconds(started);
    tf.dispose([features, labels]);
    return { load, features: featureSeconds, train, accuracy: history.history.accuracy?.at(-1) ?? Number.NaN, fromCache };
  } finally {
    model.dispose();
  }
}

async function kerasWay(weights: string, dataset: ImageDataset, optimize: boolean): Promise<{ load: number; decode: number; train: number; accuracy: number }> {
  let started = performance.now();
  const model = transferModel(await loadBase(weights), { classNames: dataset.classNames, seed: SEED });
  const load = seconds(started);
  try {
    started = performance.now();
    const { xs, ys } = await dataset.load({ size: [224, 224], preprocess: preprocessInput });
    const decode = seconds(started);
    started = performance.now();
    const history = await fitTransferModel(model, xs, ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: SEED, verbose: 0, optimize });
    const train = seconds(started);
    tf.dispose([xs, ys]);
    return { load, decode, train, accuracy: history.history.accuracy?.at(-1) ?? Number.NaN };
  } finally {
    model.dispose();
  }
}

/** Features per second of the frozen base alone, on photos already decoded. */
async function featureRate(weights: string, dataset: ImageDataset, optimize: boolean): Promise<number> {
  const model = transferModel(await loadBase(weights), { classNames: dataset.classNames });
  const { xs, ys } = await dataset.load({ size: [224, 224], preprocess: preprocessInput });
  try {
    (await extractFeatures(model, tf.slice(xs, 0, 2) as tf.Tensor4D, { optimize })).dispose();
    const started = performance.now();
    const features = await extractFeatures(model, xs, { optimize });
    await features.data();
    const rate = xs.shape[0] / seconds(started);
    features.dispose();
    return rate;
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
}

async function main(): Promise<void> {
  // The course's cats ship with the app; the weights default to those built into the packages.
  const folder = option('folder', fileURLToPath(new URL('../../photos/cats', import.meta.url)));
  const weights = option('weights', 'imagenet-uint8');
  if (!existsSync(folder) || (weights !== 'imagenet-uint8' && !existsSync(weights))) {
    console.log(`transfer benchmark skipped: needs the course's cats (${folder}) and the full MobileNetV2 weights (${weights}); pass --folder and --weights.`);
    return;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), 'dendrite-transfer-bench-'));
  const backendName = option('backend', '');
  const { backend } = await useNodePlatform({ cacheDir, output: process.stderr, ...(backendName !== '' ? { backend: backendName } : {}) });
  try {
    const dataset = await imageDatasetFromFiles(folder, courseCatsRule);
    console.log(`Course part 4: ${String(dataset)}, ${EPOCHS} epochs, batch ${BATCH_SIZE}; backend ${backend.selected}; load average ${loadavg()[0]?.toFixed(1)} on this machine`);
    console.log(`reference: ${REFERENCE}`);

    // Warm-up, not timed: the backend's first run of each kernel (and wasm's thread start) costs
    // the same for both ways, so it is paid before either is timed.
    await featureRate(weights, imageDatasetFromExamples(dataset.examples.slice(0, 2), { classNames: dataset.classNames }), true);

    const cold = await fastWay(weights, dataset, cacheDir);
    const fastPeak = peakRss();
    console.log(
      `fast way:  ${(cold.features + cold.train).toFixed(2)} s from the files (decode and features ${cold.features.toFixed(2)} s, 20 epochs on the head ${cold.train.toFixed(2)} s), ` +
        `+ ${cold.load.toFixed(2)} s loading the weights; final training accuracy ${cold.accuracy.toFixed(3)}`,
    );
    const warm = await fastWay(weights, dataset, cacheDir);
    console.log(
      `fast way, features from the disk cache (${warm.fromCache} of ${dataset.length}): ${(warm.features + warm.train).toFixed(2)} s (reading and hashing the files ${warm.features.toFixed(2)} s, training ${warm.train.toFixed(2)} s)`,
    );
    console.log(`peak RSS after the fast way: ${mb(fastPeak)}`);

    const optimized = await featureRate(weights, dataset, true);
    const plain = await featureRate(weights, dataset, false);
    console.log(`features per second (frozen base alone, photos decoded): ${optimized.toFixed(1)} optimized for inference, ${plain.toFixed(1)} through the layers`);

    if (process.argv.includes('--skip-keras')) return;
    const keras = await kerasWay(weights, dataset, false);
    console.log(
      `Keras way: ${(keras.decode + keras.train).toFixed(2)} s from the files (decode ${keras.decode.toFixed(2)} s, 20 epochs through the whole model ${keras.train.toFixed(2)} s), ` +
        `+ ${keras.load.toFixed(2)} s loading the weights; final training accuracy ${keras.accuracy.toFixed(3)} (the fast way: ${cold.accuracy.toFixed(3)})`,
    );
    console.log(`peak RSS after the Keras way: ${mb(peakRss())}`);
    console.log(`the fast way is ${((keras.decode + keras.train) / (cold.features + cold.train)).toFixed(1)}x faster than the Keras way, from the files`);
    const kerasOptimized = await kerasWay(weights, dataset, true);
    console.log(
      `Keras way with the base optimized for inference (optimize: true): ${(kerasOptimized.decode + kerasOptimized.train).toFixed(2)} s from the files; ` +
        `final training accuracy ${kerasOptimized.accuracy.toFixed(3)}`,
    );
    console.log('peak RSS while streaming 2,000 images: node dist/bench/streaming-benchmark.js');
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
