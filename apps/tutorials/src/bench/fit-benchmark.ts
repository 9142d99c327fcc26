// Times the course's part-2 training (10,000 samples, 10 epochs, batch 32) with tfjs-layers'
// model.fit and with Dendrite's training loop, on each backend this machine has.
// Run: npm run bench -w apps/tutorials, or node dist/bench/fit-benchmark.js [cpu] [wasm:1] [wasm]
import { DendriteError, fit } from '@dendrite/core';
import { thresholdDataset } from '@dendrite/data';
import { selectNodeBackend } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { courseNetwork } from '@dendrite/course';

const SAMPLES = 10_000;
const EPOCHS = 10;
const BATCH_SIZE = 32;
const RUNS = 3;

/** Figures measured on the project's 2-core machine, for comparison. */
const REFERENCE = 'PyTorch CPU 0.85 s · tfjs-layers model.fit: cpu 2.5 s, wasm 2.8 s · target for Dendrite: ≤ 1.3 s';

type Method = 'model.fit' | 'fit';
const METHODS: readonly Method[] = ['model.fit', 'fit'];

interface Run {
  readonly seconds: number;
  readonly accuracy: number;
}

async function trainOnce(method: Method, x: tf.Tensor, y: tf.Tensor, epochs: number, seed: number): Promise<Run> {
  const model = courseNetwork(seed);
  try {
    const started = performance.now();
    let accuracy: number;
    if (method === 'model.fit') {
      const history = await model.fit(x, y, { epochs, batchSize: BATCH_SIZE, verbose: 0 });
      accuracy = Number(history.history['acc']?.at(-1) ?? Number.NaN);
    } else {
      const history = await fit(model, x, y, { epochs, batchSize: BATCH_SIZE, seed, verbose: 0 });
      accuracy = history.history['accuracy']?.at(-1) ?? Number.NaN;
    }
    return { seconds: (performance.now() - started) / 1000, accuracy };
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
}

/** Backend, method, median, runs, speed-up, accuracy: text left-aligned, numbers right-aligned. */
const COLUMNS: ReadonlyArray<readonly [width: number, align: 'left' | 'right']> = [
  [17, 'left'],
  [22, 'left'],
  [8, 'right'],
  [18, 'left'],
  [8, 'right'],
  [8, 'right'],
];

function row(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const [width, align] = COLUMNS[i] ?? [0, 'left'];
      return align === 'left' ? cell.padEnd(width) : cell.padStart(width);
    })
    .join('  ')
    .trimEnd();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A backend as the benchmark names it: `cpu`, `wasm` (the default, as many threads as cores) or `wasm:N`. */
async function benchmarkBackend(spec: string): Promise<string[]> {
  const [backend = 'cpu', threads] = spec.split(':');
  let label = spec;
  try {
    const report = await selectNodeBackend({ backend, ...(threads !== undefined ? { threads: Number(threads) } : {}) });
    const reason = report.attempts.find((attempt) => attempt.outcome === 'selected')?.reason ?? '';
    const threadCount = /(\d+) threads?/.exec(reason)?.[1];
    if (backend === 'wasm' && threadCount !== undefined) label = `wasm ${threadCount}t${threads === undefined ? ' (default)' : ''}`;
  } catch (error) {
    const reason = DendriteError.isInstance(error) ? error.message : String(error);
    return [row([spec, `not available: ${reason}`])];
  }
  const { x, y } = thresholdDataset({ samples: SAMPLES, seed: 42 });
  try {
    for (const method of METHODS) await trainOnce(method, x, y, 1, 0); // warm-up: compile, JIT, kernels
    const runs = new Map<Method, Run[]>(METHODS.map((m) => [m, []]));
    // Interleaved, so that a burst of load from elsewhere hits both methods alike.
    for (let r = 0; r < RUNS; r++) {
      for (const method of METHODS) runs.get(method)?.push(await trainOnce(method, x, y, EPOCHS, r + 1));
    }
    const stock = median(runs.get('model.fit')?.map((run) => run.seconds) ?? []);
    return METHODS.map((method) => {
      const list = runs.get(method) ?? [];
      const seconds = median(list.map((run) => run.seconds));
      const accuracy = list.at(-1)?.accuracy ?? Number.NaN;
      const name = method === 'model.fit' ? 'tfjs-layers model.fit' : 'Dendrite fit';
      const all = list.map((run) => run.seconds.toFixed(2)).join(' ');
      return row([label, name, `${seconds.toFixed(2)} s`, `(${all})`, `${(stock / seconds).toFixed(1)}×`, accuracy.toFixed(4)]);
    });
  } finally {
    tf.dispose([x, y]);
  }
}

/** Runs one backend in a child process: a wasm module keeps its thread count for the process's life. */
function benchmarkInChild(spec: string): string[] {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', spec], { encoding: 'utf8' });
  if (child.status !== 0) return [row([spec, `failed: ${(child.stderr || '').trim().split('\n').at(-1) ?? ''}`])];
  return child.stdout.trimEnd().split('\n');
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    for (const line of await benchmarkBackend(process.argv[3] ?? 'cpu')) console.log(line);
    return;
  }
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const asked = process.argv.slice(2);
  const backends = ['cpu', 'wasm:1', 'wasm'].filter((b) => asked.length === 0 || asked.includes(b));
  console.log(`Part-2 training: ${SAMPLES.toLocaleString('en')} samples, ${EPOCHS} epochs, batch ${BATCH_SIZE} (${Math.ceil(SAMPLES / BATCH_SIZE)} steps per epoch)`);
  console.log(`Median of ${RUNS} runs after a warm-up; speed-up is against model.fit on the same backend.`);
  console.log('');
  console.log(row(['backend', 'method', 'median', 'runs', 'speed-up', 'accuracy']));
  for (const backend of backends) {
    for (const line of benchmarkInChild(backend)) console.log(line);
  }
  console.log('');
  console.log(`Reference: ${REFERENCE}`);
  const loadAfter = loadavg()[0] ?? 0;
  const busy = Math.max(loadBefore, loadAfter) > 1.5 ? ' — other processes were running, so the figures are pessimistic' : '';
  console.log(
    `Load average (1 min) before/after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on ${availableParallelism()} cores${busy}. Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
}

await main();
