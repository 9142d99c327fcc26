// Times one epoch of the course's second phase: MobileNetV2 (224 × 224) with its new head, unfrozen
// from layer 100 with BatchNorm frozen, RMSprop, 30 photos in one batch of 32 and 10 to validate, as
// `transfer --fine-tune-from 100` trains on the cats; then lists the kernels that take the time.
// The pixels are seeded noise and the weights random: neither changes the work.
// Run: npm run bench:fine-tune -w apps/tutorials [-- wasm cpu] (the default backend when none is named)

import { fit, unfreeze } from '@dendrite/core';
import { MobileNetV2, transferModel } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';

const SIZE = 224;
const TRAIN = 30;
const VALIDATE = 10;
const EPOCHS = 4;
const SHOWN_KERNELS = 8;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function benchmark(backendName: string | undefined): Promise<void> {
  const { backend } = await useNodePlatform({ output: process.stderr, ...(backendName !== undefined ? { backend: backendName } : {}) });
  const base = await MobileNetV2({ inputShape: [SIZE, SIZE, 3], weights: null });
  const model = transferModel(base, { classNames: ['female', 'male'], seed: 1 });
  const { trainableParams } = unfreeze(model, { from: 100 });
  model.compile({ optimizer: tf.train.rmsprop(1e-5), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const photos = (count: number, seed: number) => tf.randomUniform([count, SIZE, SIZE, 3], -1, 1, 'float32', seed);
  const [x, xValidate] = [photos(TRAIN, 1), photos(VALIDATE, 2)];
  const [y, yValidate] = [
    tf.tensor1d(Array.from({ length: TRAIN }, (_, i) => i % 2)),
    tf.tensor1d(Array.from({ length: VALIDATE }, (_, i) => i % 2)),
  ];
  const options = { batchSize: 32, verbose: 0, validationData: [xValidate, yValidate] } as const;

  console.log(
    `${backend.selected}: fine-tuning from layer 100 (${trainableParams.toLocaleString('en-US')} trainable parameters), ${TRAIN} photos + ${VALIDATE} validating`,
  );
  // One fit of several epochs, as the CLI's second phase runs, each epoch timed by a callback.
  const seconds: number[] = [];
  let started = performance.now();
  const clock = {
    onEpochBegin: () => {
      started = performance.now();
    },
    onEpochEnd: () => {
      seconds.push((performance.now() - started) / 1000);
    },
  };
  await fit(model, x, y, { ...options, epochs: EPOCHS, callbacks: [clock] });
  console.log(`  seconds per epoch: ${seconds.map((s) => s.toFixed(1)).join(', ')}`);
  console.log(`  median: ${median(seconds).toFixed(1)} s`);
  const profile = await tf.profile(async () => {
    await fit(model, x, y, { ...options, epochs: 1 });
  });
  // An op with its own gradient (fusedConv2d__op) is listed besides the kernel it runs: kernels only.
  const kernels = new Map<string, number>();
  for (const kernel of profile.kernels.filter((k) => !k.name.endsWith('__op'))) {
    kernels.set(kernel.name, (kernels.get(kernel.name) ?? 0) + (typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0));
  }
  console.log('  kernels taking the most time in one (profiled) epoch:');
  for (const [name, ms] of [...kernels].sort((a, b) => b[1] - a[1]).slice(0, SHOWN_KERNELS)) {
    console.log(`    ${name.padEnd(40)} ${(ms / 1000).toFixed(2).padStart(6)} s`);
  }
  tf.dispose([x, xValidate, y, yValidate]);
  model.optimizer.dispose();
  model.dispose();
}

const named = process.argv.slice(2);
for (const backend of named.length > 0 ? named : [undefined]) await benchmark(backend);
