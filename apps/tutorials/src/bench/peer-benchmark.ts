// Dendrite against its peers on this machine, side by side: MobileNetV2 1.0/224 inference on
// Dendrite's default path (TensorFlow.js wasm, optimised), on Dendrite's ONNX Runtime engine, on stock
// onnxruntime-node running the same exported graph, and on real Keras; and the course's basic network
// fit in Dendrite and in Keras. Every contestant runs in a fresh child process, one after another, and
// the contestants take turns round by round, so a change in the machine's load hits each alike.
// Ratios are of medians over the rounds.
//
//   node dist/bench/peer-benchmark.js [--rounds 3] [--hog] [--only inference|fit]
//
// --hog repeats the Dendrite rows with a 2-thread CPU load running (two busy processes) and prints
// how much each slowed down. Real Keras needs DENDRITE_KERAS_PYTHON (a Python with keras), and the
// ONNX Runtime rows need onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save
// onnxruntime-node); missing peers are reported and left out.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { buildMobileNetV2, exportOnnx, MobileNetV2, optimizeForInference } from '@dendrite/mobilenet';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { timeBasicFit } from './basic-fit-workload.js';

type Workload = 'inference' | 'fit' | 'part4';
interface Figures {
  readonly latencyMs?: number;
  readonly imagesPerSecond?: number;
  readonly seconds?: number;
  readonly accuracy?: number;
  readonly maxDifference?: number;
  readonly engine?: string;
}
interface Contestant {
  readonly key: string;
  readonly workload: Workload;
  readonly label: string;
  /** Dendrite's own rows are measured again under the CPU hog. */
  readonly dendrite: boolean;
}

const contestants: readonly Contestant[] = [
  { key: 'dendrite-tfjs', workload: 'inference', label: 'Dendrite default (tfjs wasm, optimised)', dendrite: true },
  { key: 'dendrite-ort', workload: 'inference', label: 'Dendrite ONNX Runtime engine', dendrite: true },
  { key: 'stock-ort', workload: 'inference', label: 'stock onnxruntime-node, same graph', dendrite: false },
  { key: 'keras', workload: 'inference', label: 'Keras 3 predict (TF CPU)', dendrite: false },
  { key: 'dendrite-fit', workload: 'fit', label: 'Dendrite fit (default backend)', dendrite: true },
  { key: 'keras-fit', workload: 'fit', label: 'Keras 3 fit (TF CPU)', dendrite: false },
  { key: 'dendrite-part4-keras', workload: 'part4', label: 'Dendrite part 4 the Keras way, tfjs (CLI)', dendrite: true },
  { key: 'dendrite-part4-keras-ort', workload: 'part4', label: 'Dendrite part 4 the Keras way, ORT (CLI)', dendrite: true },
  { key: 'dendrite-part4-fast', workload: 'part4', label: 'Dendrite part 4 the fast way (CLI)', dendrite: true },
  { key: 'keras-part4', workload: 'part4', label: 'Keras 3 part 4 (whole process)', dendrite: false },
];

const latencyRuns = 20;
const throughputRuns = 3;
const batchSize = 32;
const resultPrefix = 'RESULT ';
const kerasScript = fileURLToPath(new URL('../../bench/keras_peer.py', import.meta.url));
const python = process.env.DENDRITE_KERAS_PYTHON ?? 'python3';
const sharedWeights = fileURLToPath(
  new URL('../../../../../shared/models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json', import.meta.url),
);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** MobileNetV2 1.0/224 with the shared ImageNet weights where present (so outputs differ by image), else random. */
async function benchmarkModel(): Promise<tfl.LayersModel> {
  return existsSync(sharedWeights) ? MobileNetV2({ weights: sharedWeights }) : buildMobileNetV2();
}

function images(count: number): tf.Tensor4D {
  return tf.randomUniform([count, 224, 224, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
}

/** Median batch-1 latency and batch-32 throughput of an async predict. */
async function timeInference(predict: (x: tf.Tensor4D) => Promise<Float32Array>): Promise<{ latencyMs: number; imagesPerSecond: number }> {
  const batch = images(batchSize);
  const single = tf.slice(batch, 0, 1);
  for (let i = 0; i < 3; i++) await predict(single);
  await predict(batch);
  const latencies: number[] = [];
  for (let i = 0; i < latencyRuns; i++) {
    const started = performance.now();
    await predict(single);
    latencies.push(performance.now() - started);
  }
  const durations: number[] = [];
  for (let i = 0; i < throughputRuns; i++) {
    const started = performance.now();
    await predict(batch);
    durations.push(performance.now() - started);
  }
  tf.dispose([batch, single]);
  return { latencyMs: median(latencies), imagesPerSecond: (batchSize * 1000) / median(durations) };
}

async function dendriteInference(engine: 'tfjs' | 'onnxruntime'): Promise<Figures> {
  const platform = createNodePlatform({ offline: true, engine });
  await platform.initBackend();
  setPlatform(platform);
  const model = await benchmarkModel();
  const fast = optimizeForInference(model);
  const figures = await timeInference(async (x) => {
    const output = await fast.run(x);
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  });
  const check = images(2);
  const [actual, expected] = [await fast.run(check), model.predict(check) as tf.Tensor];
  const maxDifference = tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!);
  tf.dispose([check, actual, expected]);
  fast.dispose();
  model.dispose();
  return { ...figures, maxDifference, engine: fast.engine };
}

interface StockRuntime {
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
  readonly InferenceSession: {
    create(path: string): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>> }>;
  };
}

async function stockOnnxRuntime(): Promise<Figures> {
  const specifier: string = 'onnxruntime-node';
  const ort = (await import(specifier)) as StockRuntime;
  const platform = createNodePlatform({ offline: true, engine: 'tfjs' });
  await platform.initBackend();
  setPlatform(platform);
  const folder = mkdtempSync(join(tmpdir(), 'dendrite-peer-'));
  try {
    const file = join(folder, 'mobilenet_v2.onnx');
    const model = await benchmarkModel();
    writeFileSync(file, exportOnnx(model));
    model.dispose();
    // Stock use: the file, default session options.
    const session = await ort.InferenceSession.create(file);
    return await timeInference(async (x) => {
      const { output } = await session.run({ input: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape) });
      return output!.data as Float32Array;
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function dendriteFit(): Promise<Figures> {
  const platform = createNodePlatform({ offline: true });
  await platform.initBackend();
  setPlatform(platform);
  return timeBasicFit();
}

async function runChild(key: string): Promise<Figures> {
  switch (key) {
    case 'dendrite-tfjs':
      return dendriteInference('tfjs');
    case 'dendrite-ort':
      return dendriteInference('onnxruntime');
    case 'stock-ort':
      return stockOnnxRuntime();
    case 'dendrite-fit':
      return dendriteFit();
    default:
      throw new Error(`Unknown contestant '${key}'.`);
  }
}

/** The course's cats: the copy shipped with the tutorials app, else ../shared's. */
const catsFolder = [
  fileURLToPath(new URL('../../photos/cats', import.meta.url)),
  fileURLToPath(new URL('../../../../../shared/data/pythontutorials/cats', import.meta.url)),
].find((folder) => existsSync(folder));
const cli = fileURLToPath(new URL('../cli.js', import.meta.url));

/** The command that runs a contestant, and the scratch folder it needs (removed once it has run). */
function commandOf(contestant: Contestant): [string, string[], string?] {
  if (contestant.key === 'keras-part4') return [python, [kerasScript, 'part4', catsFolder ?? 'cats folder missing']];
  if (contestant.key.startsWith('keras')) return [python, [kerasScript, contestant.workload, String(latencyRuns), String(throughputRuns)]];
  if (contestant.workload === 'part4') {
    // A fresh feature cache each run, so the fast way's time includes computing the features.
    const cache = mkdtempSync(join(tmpdir(), 'dendrite-peer-cache-'));
    const way = contestant.key.includes('keras') ? '--keras-way' : '--fast';
    const engine = contestant.key.endsWith('-ort') ? 'onnxruntime' : 'tfjs';
    return [process.execPath, [cli, 'transfer', catsFolder ?? 'cats folder missing', way, '--engine', engine, '--cache-dir', cache], cache];
  }
  return [process.execPath, [fileURLToPath(import.meta.url), '--child', contestant.key]];
}

function spawnContestant(contestant: Contestant): Promise<Figures> {
  const [command, args, scratch] = commandOf(contestant);
  const started = performance.now();
  const running = new Promise<Figures>((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      // Part 4 is timed as a user sees it: the whole process, start-up and loading included.
      if (code === 0 && contestant.workload === 'part4') return done({ seconds: (performance.now() - started) / 1000 });
      const line = stdout.split('\n').find((text) => text.startsWith(resultPrefix));
      if (code === 0 && line !== undefined) done(JSON.parse(line.slice(resultPrefix.length)) as Figures);
      else fail(new Error(`exit code ${code}: ${(stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`));
    });
  });
  return scratch === undefined ? running : running.finally(() => rmSync(scratch, { recursive: true, force: true }));
}

/** Two busy processes: a competing 2-thread CPU load. */
function startHog(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function summarise(runs: readonly Figures[]): Figures {
  const pick = (key: 'latencyMs' | 'imagesPerSecond' | 'seconds' | 'accuracy' | 'maxDifference'): number | undefined => {
    const values = runs.map((run) => run[key]).filter((value): value is number => typeof value === 'number');
    return values.length === 0 ? undefined : key === 'maxDifference' ? Math.max(...values) : median(values);
  };
  const summary: Record<string, number | string | undefined> = {
    latencyMs: pick('latencyMs'),
    imagesPerSecond: pick('imagesPerSecond'),
    seconds: pick('seconds'),
    accuracy: pick('accuracy'),
    maxDifference: pick('maxDifference'),
    engine: runs[0]?.engine,
  };
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined)) as Figures;
}

const format = (value: number | undefined, digits: number): string => (value === undefined ? '-' : value.toFixed(digits));

async function measure(selected: readonly Contestant[], rounds: number, note: string): Promise<Map<string, Figures>> {
  const runs = new Map<string, Figures[]>();
  const unavailable = new Set<string>();
  for (let round = 1; round <= rounds; round++) {
    for (const contestant of selected) {
      if (unavailable.has(contestant.key)) continue;
      process.stdout.write(`round ${round}/${rounds}${note}: ${contestant.label}\n`);
      try {
        runs.set(contestant.key, [...(runs.get(contestant.key) ?? []), await spawnContestant(contestant)]);
      } catch (error) {
        unavailable.add(contestant.key);
        console.log(`  left out: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return new Map([...runs].map(([key, values]) => [key, summarise(values)]));
}

function ratio(numerator: number | undefined, denominator: number | undefined): string {
  return numerator === undefined || denominator === undefined ? '-' : `${(numerator / denominator).toFixed(2)}x`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childIndex = args.indexOf('--child');
  if (childIndex >= 0) {
    process.stdout.write(`${resultPrefix}${JSON.stringify(await runChild(args[childIndex + 1]!))}\n`);
    return;
  }
  const roundsIndex = args.indexOf('--rounds');
  const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 3;
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  const selected = contestants.filter((contestant) => only === undefined || contestant.workload === only);
  console.log(
    `Peer benchmark: Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}, ${rounds} rounds`,
  );
  const quiet = await measure(selected, rounds, '');

  console.log('');
  console.log('contestant                                 engine        batch 1 ms  batch 32 img/s  fit s   accuracy  max |diff|');
  for (const contestant of selected) {
    const figures = quiet.get(contestant.key);
    if (figures === undefined) continue;
    console.log(
      `${contestant.label.padEnd(43)}${(figures.engine ?? '').padEnd(14)}${format(figures.latencyMs, 1).padStart(10)}${format(figures.imagesPerSecond, 1).padStart(16)}` +
        `${format(figures.seconds, 2).padStart(7)}${format(figures.accuracy, 4).padStart(10)}${(figures.maxDifference?.toExponential(1) ?? '-').padStart(12)}`,
    );
  }
  const get = (key: string): Figures => quiet.get(key) ?? {};
  console.log('');
  console.log('Ratios (medians of the rounds):');
  console.log(
    `  batch 32, Dendrite ONNX Runtime engine / stock ONNX Runtime images/s: ${ratio(get('dendrite-ort').imagesPerSecond, get('stock-ort').imagesPerSecond)} (target >= 0.9x)`,
  );
  console.log(
    `  batch 1, Dendrite ONNX Runtime engine / stock ONNX Runtime latency:   ${ratio(get('dendrite-ort').latencyMs, get('stock-ort').latencyMs)} (target <= 1.3x)`,
  );
  console.log(
    `  batch 32, Dendrite default / Keras images/s:                          ${ratio(get('dendrite-tfjs').imagesPerSecond, get('keras').imagesPerSecond)}`,
  );
  console.log(
    `  batch 32, Dendrite ONNX Runtime engine / Keras images/s:              ${ratio(get('dendrite-ort').imagesPerSecond, get('keras').imagesPerSecond)}`,
  );
  console.log(
    `  batch 1, Dendrite default / Keras latency:                            ${ratio(get('dendrite-tfjs').latencyMs, get('keras').latencyMs)}`,
  );
  console.log(
    `  basic network fit, Dendrite / Keras time:                             ${ratio(get('dendrite-fit').seconds, get('keras-fit').seconds)} (target <= 0.5x)`,
  );
  console.log(
    `  part 4 the Keras way, Dendrite tfjs / Keras time:                     ${ratio(get('dendrite-part4-keras').seconds, get('keras-part4').seconds)} (target <= 1.0x)`,
  );
  console.log(
    `  part 4 the Keras way, Dendrite ONNX Runtime / Keras time:             ${ratio(get('dendrite-part4-keras-ort').seconds, get('keras-part4').seconds)} (target <= 1.0x)`,
  );
  console.log(
    `  part 4, Keras / Dendrite the fast way time:                           ${ratio(get('keras-part4').seconds, get('dendrite-part4-fast').seconds)} (target >= 10x)`,
  );

  if (args.includes('--hog')) {
    const hog = startHog();
    try {
      const loaded = await measure(
        selected.filter((contestant) => contestant.dendrite),
        rounds,
        ' with a 2-thread CPU hog',
      );
      console.log('');
      console.log('Slow-down under a 2-thread CPU hog (target <= 2.5x):');
      for (const contestant of selected.filter((candidate) => candidate.dendrite)) {
        const [before, after] = [quiet.get(contestant.key), loaded.get(contestant.key)];
        if (before === undefined || after === undefined) continue;
        const slowdown =
          contestant.workload === 'inference' ? ratio(before.imagesPerSecond, after.imagesPerSecond) : ratio(after.seconds, before.seconds);
        console.log(`  ${contestant.label}: ${slowdown}${contestant.workload === 'inference' ? ' (batch 32)' : ''}`);
      }
    } finally {
      for (const child of hog) child.kill();
    }
  }
  console.log(`Load average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
