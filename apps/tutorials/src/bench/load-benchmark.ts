// How Dendrite holds up when other work competes for the CPU: the course's basic network fit and
// MobileNetV2 1.0/224 inference at batch 32 (on the default wasm path, and on the ONNX Runtime
// engine when onnxruntime-node is installed), each run quiet and then with a 2-thread CPU hog (two
// busy processes), for each thread setting: 1 thread, 2 threads, and `auto` (no setting: Dendrite
// picks from the load it sees at start). Every run is a fresh child process; the quiet and the
// hogged passes take turns round by round. It prints medians and the slow-down under the hog
// (issue 12's target: at most 2.5x), and the backend line each setting got, quiet and hogged.
//
//   node dist/bench/load-benchmark.js [--rounds 2] [--settings 1,2,auto] [--only fit|wasm|ort]
//
// Run it on an otherwise quiet machine: a load already there is counted as "quiet".
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatBackendReport, setPlatform } from '@dendrite/core';
import { buildMobileNetV2, MobileNetV2, optimizeForInference } from '@dendrite/mobilenet';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { timeBasicFit } from './basic-fit-workload.js';

type Workload = 'fit' | 'wasm' | 'ort';
const workloads: readonly Workload[] = ['fit', 'wasm', 'ort'];
const workloadLabels: Record<Workload, string> = {
  fit: 'basic network fit (s)',
  wasm: 'batch 32, tfjs wasm (img/s)',
  ort: 'batch 32, ONNX Runtime (img/s)',
};

interface Figures {
  /** Seconds for the fit, images per second for inference. */
  readonly value: number;
  /** The backend report's line, which says the threads taken and why. */
  readonly backend: string;
}

const resultPrefix = 'RESULT ';
const sharedWeights = fileURLToPath(
  new URL('../../../../../shared/models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json', import.meta.url),
);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function startPlatform(setting: string, engine: 'tfjs' | 'onnxruntime'): Promise<string> {
  const threads = setting === 'auto' ? undefined : Number(setting);
  const platform = createNodePlatform({ offline: true, engine, ...(threads === undefined ? {} : { threads }) });
  const report = await platform.initBackend();
  setPlatform(platform);
  return formatBackendReport(report);
}

async function basicFit(setting: string): Promise<Figures> {
  const backend = await startPlatform(setting, 'tfjs');
  const { seconds } = await timeBasicFit();
  return { value: seconds, backend };
}

async function batchInference(setting: string, engine: 'tfjs' | 'onnxruntime'): Promise<Figures> {
  const backend = await startPlatform(setting, engine);
  const model = existsSync(sharedWeights) ? await MobileNetV2({ weights: sharedWeights }) : buildMobileNetV2();
  const fast = optimizeForInference(model);
  if (fast.engine !== engine) throw new Error(`${engine} is not available here (the model runs on ${fast.engine})`);
  const batch = tf.randomUniform([32, 224, 224, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
  const once = async (): Promise<number> => {
    const started = performance.now();
    const output = await fast.run(batch);
    await output.data();
    output.dispose();
    return performance.now() - started;
  };
  await once();
  const durations = [await once(), await once(), await once()];
  batch.dispose();
  fast.dispose();
  model.dispose();
  return { value: (32 * 1000) / median(durations), backend };
}

function runChild(workload: Workload, setting: string): Promise<Figures> {
  if (workload === 'fit') return basicFit(setting);
  return batchInference(setting, workload === 'ort' ? 'onnxruntime' : 'tfjs');
}

function spawnRun(workload: Workload, setting: string): Promise<Figures> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', workload, setting], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith(resultPrefix));
      if (code === 0 && line !== undefined) done(JSON.parse(line.slice(resultPrefix.length)) as Figures);
      else fail(new Error(`exit code ${String(code)}: ${(stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`));
    });
  });
}

/** Two busy processes: a competing 2-thread CPU load. */
function startHog(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childIndex = args.indexOf('--child');
  if (childIndex >= 0) {
    const figures = await runChild(args[childIndex + 1] as Workload, args[childIndex + 2] ?? 'auto');
    process.stdout.write(`${resultPrefix}${JSON.stringify(figures)}\n`);
    return;
  }
  const rounds = Number(optionValue(args, '--rounds') ?? 2);
  const settings = (optionValue(args, '--settings') ?? '1,2,auto').split(',');
  const only = optionValue(args, '--only');
  const selected = workloads.filter((workload) => only === undefined || workload === only);
  console.log(
    `Load benchmark: Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}, ${rounds} rounds`,
  );

  const runs = new Map<string, Figures[]>();
  const unavailable = new Set<string>();
  const measure = async (round: number, hogged: boolean): Promise<void> => {
    for (const workload of selected) {
      for (const setting of settings) {
        const key = `${workload} ${setting} ${hogged ? 'hog' : 'quiet'}`;
        if (unavailable.has(`${workload} ${setting}`)) continue;
        process.stdout.write(
          `round ${round}/${rounds}: ${workloadLabels[workload]}, threads ${setting}, ${hogged ? 'with the hog' : 'quiet'}\n`,
        );
        try {
          runs.set(key, [...(runs.get(key) ?? []), await spawnRun(workload, setting)]);
        } catch (error) {
          unavailable.add(`${workload} ${setting}`);
          console.log(`  left out: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  };
  for (let round = 1; round <= rounds; round++) {
    await measure(round, false);
    const hog = startHog();
    try {
      // Let the hog's processes start before the first measure.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await measure(round, true);
    } finally {
      for (const child of hog) child.kill();
    }
  }

  console.log('');
  console.log('workload                          threads   quiet    hogged   slow-down (target <= 2.5x)');
  const backends: string[] = [];
  for (const workload of selected) {
    for (const setting of settings) {
      const quiet = runs.get(`${workload} ${setting} quiet`);
      const hogged = runs.get(`${workload} ${setting} hog`);
      if (quiet === undefined || hogged === undefined) continue;
      const [q, h] = [median(quiet.map((run) => run.value)), median(hogged.map((run) => run.value))];
      const slowdown = workload === 'fit' ? h / q : q / h;
      console.log(
        `${workloadLabels[workload].padEnd(34)}${setting.padEnd(8)}${q.toFixed(2).padStart(7)}${h.toFixed(2).padStart(9)}   ${slowdown.toFixed(2)}x`,
      );
      backends.push(
        `  ${workload}, threads ${setting}: quiet: ${quiet[0]?.backend}`,
        `  ${workload}, threads ${setting}: hogged: ${hogged[0]?.backend}`,
      );
    }
  }
  console.log('');
  console.log('What each setting got (first round):');
  for (const line of backends) console.log(line);
  console.log(`Load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
