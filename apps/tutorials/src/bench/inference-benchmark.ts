// MobileNetV2 1.0/224 inference speed: the tfjs-layers model against the same model rewritten by
// optimizeForInference, on each Node backend Dendrite can use. Each backend runs in a child process
// of its own, since a wasm backend keeps its thread count for the life of the process, and the
// children run one after another so that they never compete for the cores.
//
//   node dist/bench/inference-benchmark.js           # wasm (default threads), wasm 1 thread, cpu
//   node dist/bench/inference-benchmark.js --steps   # also what each rewrite gains, on the default path
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Platform, setPlatform } from '@dendrite/core';
import {
  buildMobileNetV2,
  MobileNetV2,
  type OptimizeForInferenceOptions,
  optimizeForInference,
  preprocessInput,
} from '@dendrite/mobilenet';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';

interface BackendConfig {
  readonly key: string;
  readonly backend?: string;
  readonly threads?: number;
  /** Timed batch-1 runs (after warm-up). */
  readonly latencyRuns: number;
  /** Whether to time batch 32 (the cpu backend takes about a minute per batch). */
  readonly throughput: boolean;
}

interface ModelFigures {
  readonly latencyMs: number;
  readonly latencyMinMs: number;
  readonly imagesPerSecond: number | undefined;
}

interface ChildResult {
  readonly key: string;
  readonly backend: string;
  readonly weights: string;
  readonly rows: readonly { readonly model: string; readonly figures: ModelFigures; readonly maxDifference: number | undefined }[];
}

const configs: readonly BackendConfig[] = [
  { key: 'default', latencyRuns: 20, throughput: true },
  { key: 'wasm-1', backend: 'wasm', threads: 1, latencyRuns: 20, throughput: true },
  { key: 'cpu', backend: 'cpu', latencyRuns: 3, throughput: false },
];

const batchSize = 32;
const throughputRuns = 3;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const shared = resolve(repoRoot, '../shared');
const weightsPath = resolve(shared, 'models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const photosPath = resolve(shared, 'models/test-images-coral');
const photoNames = ['bird.bmp', 'cat.bmp', 'dragonfly.bmp', 'grace_hopper.bmp', 'sunflower.bmp'];
const resultPrefix = 'RESULT ';

const reference = [
  'Reference on this 2-core machine (MobileNetV2 1.0/224, batch 32): onnxruntime-node 250 images/s, PyTorch CPU 34,',
  'stock TensorFlow.js wasm 2 threads 23, wasm 1 thread 16, tfjs cpu 0.86.',
  'Target for the default path: at least 60 images/s at batch 32, at most 25 ms at batch 1, max |difference| < 1e-4.',
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Anything with a predict of one batch: a LayersModel or an InferenceModel. */
interface Predictor {
  predict(images: tf.Tensor4D): tf.Tensor | tf.Tensor[];
}

async function timePredict(model: Predictor, images: tf.Tensor4D): Promise<{ ms: number; output: tf.Tensor }> {
  const started = performance.now();
  const output = model.predict(images);
  if (Array.isArray(output)) throw new Error('The benchmark expects a model with one output.');
  await output.data();
  return { ms: performance.now() - started, output };
}

/**
 * Times batch 1 and batch 32 for several models, taking turns run by run so that a change in the
 * machine's load during the benchmark affects each model alike. Returns each model's figures and
 * its last output (batch 32, or batch 1 without throughput runs).
 */
async function measureInTurns(
  models: readonly Predictor[],
  single: tf.Tensor4D,
  batch: tf.Tensor4D,
  config: BackendConfig,
): Promise<{ figures: ModelFigures; output: tf.Tensor }[]> {
  const latencies = models.map((): number[] => []);
  const durations = models.map((): number[] => []);
  const outputs: (tf.Tensor | undefined)[] = models.map(() => undefined);
  const keep = (index: number, output: tf.Tensor): void => {
    outputs[index]?.dispose();
    outputs[index] = output;
  };
  const warmUps = config.throughput ? 3 : 1;
  for (const model of models) for (let i = 0; i < warmUps; i++) (await timePredict(model, single)).output.dispose();
  for (let i = 0; i < config.latencyRuns; i++) {
    for (const [index, model] of models.entries()) {
      const run = await timePredict(model, single);
      latencies[index]!.push(run.ms);
      keep(index, run.output);
    }
  }
  if (config.throughput) {
    for (const model of models) (await timePredict(model, batch)).output.dispose();
    for (let i = 0; i < throughputRuns; i++) {
      for (const [index, model] of models.entries()) {
        const run = await timePredict(model, batch);
        durations[index]!.push(run.ms);
        keep(index, run.output);
      }
    }
  }
  return models.map((_, index) => ({
    figures: {
      latencyMs: median(latencies[index]!),
      latencyMinMs: Math.min(...latencies[index]!),
      imagesPerSecond: config.throughput ? (batch.shape[0] * 1000) / median(durations[index]!) : undefined,
    },
    output: outputs[index]!,
  }));
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** 32 preprocessed images: the shared test photos repeated, or random pixels without them. */
async function benchmarkImages(platform: Platform): Promise<tf.Tensor4D> {
  if (!existsSync(photosPath))
    return tf.tidy(() => preprocessInput(tf.randomUniform([batchSize, 224, 224, 3], 0, 255, 'float32', 1) as tf.Tensor4D));
  const photos: tf.Tensor3D[] = [];
  for (const name of photoNames) {
    const pixels = await platform.decodeImage(await platform.readBytes(resolve(photosPath, name)));
    photos.push(tf.image.resizeBilinear(pixels, [224, 224], false, true));
    pixels.dispose();
  }
  const batch = tf.tidy(() =>
    preprocessInput(tf.stack(Array.from({ length: batchSize }, (_, i) => photos[i % photos.length]!)) as tf.Tensor4D),
  );
  tf.dispose(photos);
  return batch;
}

const stepVariants: readonly { readonly model: string; readonly options: OptimizeForInferenceOptions }[] = [
  { model: 'plain ops, nothing folded', options: { foldBatchNorm: false, fuseActivations: false, foldPadding: false } },
  { model: '+ batch norm folded', options: { foldBatchNorm: true, fuseActivations: false, foldPadding: false } },
  { model: '+ ReLU6 fused', options: { foldBatchNorm: true, fuseActivations: true, foldPadding: false } },
  { model: '+ padding folded (optimized)', options: {} },
];

async function runChild(config: BackendConfig, steps: boolean): Promise<ChildResult> {
  const platform = createNodePlatform({
    offline: true,
    ...(config.backend ? { backend: config.backend } : {}),
    ...(config.threads ? { threads: config.threads } : {}),
  });
  const report = await platform.initBackend();
  setPlatform(platform);
  const selected = report.attempts.find((attempt) => attempt.name === report.selected);
  const useShared = existsSync(weightsPath);
  const model = useShared ? await MobileNetV2({ weights: weightsPath }) : buildMobileNetV2();
  const batch = await benchmarkImages(platform);
  const single = tf.slice(batch, 0, 1);

  const variants = steps && config.key === 'default' ? stepVariants : [{ model: 'optimized', options: {} }];
  const optimized = variants.map((variant) => optimizeForInference(model, variant.options));
  const [baseline, ...measured] = await measureInTurns([model, ...optimized], single, batch, config);
  const rows: ChildResult['rows'][number][] = [
    { model: 'tfjs-layers model', figures: baseline!.figures, maxDifference: undefined },
    ...measured.map((result, index) => ({
      model: variants[index]!.model,
      figures: result.figures,
      maxDifference: maxDifference(result.output, baseline!.output),
    })),
  ];
  tf.dispose(measured.map((result) => result.output));
  for (const fast of optimized) fast.dispose();
  tf.dispose([baseline!.output, single, batch]);
  model.dispose();
  return {
    key: config.key,
    backend: `${report.selected}${selected ? ` (${selected.reason})` : ''}`,
    weights: useShared ? 'ImageNet weights from ../shared' : 'random weights (../shared is absent)',
    rows,
  };
}

function spawnChild(config: BackendConfig, steps: boolean): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, '--child', config.key, ...(steps ? ['--steps'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith(resultPrefix));
      if (code === 0 && line !== undefined) done(JSON.parse(line.slice(resultPrefix.length)) as ChildResult);
      else fail(new Error(`exit code ${code}: ${(stderr.trim().split('\n').pop() ?? '').slice(0, 300)}`));
    });
  });
}

function formatNumber(value: number | undefined, digits: number): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

function formatTable(results: readonly ChildResult[]): string[] {
  const header = ['backend', 'model', 'batch 1 median ms', 'batch 1 min ms', `batch ${batchSize} images/s`, 'max |p - p_layers|'];
  const body = results.flatMap((result) =>
    result.rows.map((row) => [
      result.backend,
      row.model,
      formatNumber(row.figures.latencyMs, 1),
      formatNumber(row.figures.latencyMinMs, 1),
      formatNumber(row.figures.imagesPerSecond, 1),
      row.maxDifference === undefined ? '-' : row.maxDifference.toExponential(1),
    ]),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const steps = args.includes('--steps');
  const childIndex = args.indexOf('--child');
  if (childIndex >= 0) {
    const config = configs.find((candidate) => candidate.key === args[childIndex + 1]);
    if (config === undefined) throw new Error(`Unknown backend configuration '${args[childIndex + 1]}'.`);
    process.stdout.write(`${resultPrefix}${JSON.stringify(await runChild(config, steps))}\n`);
    return;
  }

  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  console.log(`MobileNetV2 1.0/224 inference, Node ${process.version}, ${availableParallelism()} cores`);
  const results: ChildResult[] = [];
  for (const config of configs) {
    process.stdout.write(`measuring ${config.key}...\n`);
    try {
      results.push(await spawnChild(config, steps));
    } catch (error) {
      console.log(`  ${config.key}: unavailable (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  console.log('');
  if (results[0])
    console.log(
      `Weights: ${results[0].weights}. Batch 1: median and best of the timed runs; batch ${batchSize}: median of ${throughputRuns}.`,
    );
  for (const line of formatTable(results)) console.log(line);
  console.log('');
  for (const line of reference) console.log(line);
  const loadAfter = loadavg()[0]!;
  console.log(
    `Load average (1 min) before/after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on ${availableParallelism()} cores` +
      `${Math.max(loadBefore, loadAfter) > 1.5 ? ' — other processes were running; figures are pessimistic' : ''}. Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
