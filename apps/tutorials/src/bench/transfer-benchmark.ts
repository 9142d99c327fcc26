// Course part 4 end to end on the course's 40 cat photos, 20 epochs, batch 32: the Keras way (every
// photo through the whole model every epoch) against the fast way (the frozen base once per photo,
// then only the head trains), with feature throughput and peak memory. Peak RSS while streaming a
// folder of 2,000 images is measured by streaming-benchmark.js, not here.
// The Keras way runs as the course writes it (fit on the whole model, 20 epochs on all 40 photos,
// then a fresh head 20 epochs on 30 with 10 validating), once with the frozen base through the
// inference rewrite MobileNetV2 registers for fit (the default) and once through its layers.
// Run (after building): node apps/tutorials/dist/bench/transfer-benchmark.js [--backend wasm|cpu]
//   [--folder DIR] [--weights model.json] [--skip-keras] [--keras-only] [--epochs N]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fit } from '@dendrite/core';
import { setInferencePlanner } from '@dendrite/core/internal';
import { imageDatasetFromExamples, imageDatasetFromFiles, stratifiedSplit, type ImageDataset } from '@dendrite/data';
import { MobileNetV2, extractFeatures, preprocessInput, transferHead, transferModel } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { courseCatsRule } from '@dendrite/course';

const EPOCHS = Number(process.argv[process.argv.indexOf('--epochs') + 1] ?? 20) || 20;
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
    const head = transferHead(model);
    const history = await fit(head, features, labels, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: SEED, verbose: 0 });
    head.dispose();
    const train = seconds(started);
    tf.dispose([features, labels]);
    return { load, features: featureSeconds, train, accuracy: history.history.accuracy?.at(-1) ?? Number.NaN, fromCache };
  } finally {
    model.dispose();
  }
}

/**
 * Part 4 the Keras way: 20 epochs on all photos, then a fresh head 20 epochs on 30 with 10
 * validating, every photo through the whole model every epoch. `throughLayers` takes the inference
 * rewrite away from fit, so the frozen base runs its layers (Dendrite before fit used the rewrite).
 */
async function kerasWay(weights: string, dataset: ImageDataset, throughLayers: boolean): Promise<{ load: number; decode: number; train: number; accuracy: number; valAccuracy: number }> {
  let started = performance.now();
  let model = transferModel(await loadBase(weights), { classNames: dataset.classNames, seed: SEED });
  if (throughLayers) setInferencePlanner(model, () => undefined);
  const load = seconds(started);
  const held: tf.Tensor[] = [];
  try {
    started = performance.now();
    const all = await dataset.load({ size: [224, 224], preprocess: preprocessInput });
    const { train, validation } = stratifiedSplit(dataset, { validation: { lastPerClass: 5 } });
    const trainImages = await train.load({ size: [224, 224], preprocess: preprocessInput });
    const validationImages = await validation.load({ size: [224, 224], preprocess: preprocessInput });
    held.push(all.xs, all.ys, trainImages.xs, trainImages.ys, validationImages.xs, validationImages.ys);
    const decode = seconds(started);
    started = performance.now();
    const options = { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: SEED, verbose: 0 } as const;
    const history = await fit(model, all.xs, all.ys, options);
    model = transferModel(model, { classNames: dataset.classNames, seed: SEED + 1 });
    if (throughLayers) setInferencePlanner(model, () => undefined);
    const split = await fit(model, trainImages.xs, trainImages.ys, { ...options, validationData: [validationImages.xs, validationImages.ys] });
    const trainSeconds = seconds(started);
    return { load, decode, train: trainSeconds, accuracy: history.history.accuracy?.at(-1) ?? Number.NaN, valAccuracy: split.history.val_accuracy?.at(-1) ?? Number.NaN };
  } finally {
    tf.dispose(held);
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

    const kerasOnly = process.argv.includes('--keras-only');
    let fastSeconds = Number.NaN;
    if (!kerasOnly) {
      const cold = await fastWay(weights, dataset, cacheDir);
      fastSeconds = cold.features + cold.train;
      const fastPeak = peakRss();
      console.log(
        `fast way:  ${fastSeconds.toFixed(2)} s from the files (decode and features ${cold.features.toFixed(2)} s, ${EPOCHS} epochs on the head ${cold.train.toFixed(2)} s), ` +
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
    }

    if (process.argv.includes('--skip-keras')) return;
    const describe = (keras: Awaited<ReturnType<typeof kerasWay>>): string =>
      `${(keras.decode + keras.train).toFixed(2)} s from the files (decode ${keras.decode.toFixed(2)} s, ${EPOCHS} epochs on 40 photos then ${EPOCHS} on 30/10 ${keras.train.toFixed(2)} s), ` +
      `+ ${keras.load.toFixed(2)} s loading the weights; accuracy ${keras.accuracy.toFixed(3)}, val_accuracy ${keras.valAccuracy.toFixed(3)}`;
    const planned = await kerasWay(weights, dataset, false);
    console.log(`Keras way, fit with the frozen base through the inference rewrite (default): ${describe(planned)}`);
    const layers = await kerasWay(weights, dataset, true);
    console.log(`Keras way, fit with the frozen base through its layers: ${describe(layers)}`);
    console.log(`peak RSS after the Keras way: ${mb(peakRss())}`);
    console.log(`the inference rewrite makes the Keras way ${(layers.train / planned.train).toFixed(2)}x faster (training only)`);
    if (!kerasOnly) console.log(`the fast way (${EPOCHS} epochs on 40) is ${((planned.decode + planned.train) / 2 / fastSeconds).toFixed(1)}x faster than half of the Keras way's two runs, from the files`);
    console.log('peak RSS while streaming 2,000 images: node dist/bench/streaming-benchmark.js');
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
