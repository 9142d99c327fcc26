import { type BackendReport, getPlatform } from '@dendrite/core';
import { MobileNetV2 } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { element, nextFrame } from './dom.js';

/** What the benchmark measured on one backend. */
export interface BenchResult {
  readonly backend: string;
  /** The selection report's words for it (WebGL version, wasm threads), or why it failed. */
  readonly detail: string;
  /** Median milliseconds of one image, after a warm-up run; undefined when the backend failed. */
  readonly batch1Ms?: number;
  /** Images per second on a batch of 32; undefined when the backend failed. */
  readonly batch32ImagesPerSecond?: number;
  /** True when batch 32 would have taken too long and its throughput is estimated from batch 1. */
  readonly batch32Estimated?: boolean;
  readonly note?: string;
}

const backends = ['webgl', 'wasm', 'cpu'] as const;
/** Timed batch-1 runs stop after this many, or after this long. */
const batch1Runs = 5;
const batch1BudgetMs = 4000;
/** A batch of 32 runs only where batch 1 suggests it takes less than this (the whole run stays near a minute). */
const batch32BudgetMs = 8000;

/**
 * Times MobileNetV2 (alpha 1.0, 224 x 224, random weights: the same work as trained ones) on each
 * backend the browser can start: the latency of one image, and the throughput of a batch of 32.
 * Slow backends skip the batch of 32 to keep the run short, and say so.
 */
export async function runBenchmark(onResult: (result: BenchResult) => void): Promise<BenchResult[]> {
  const platform = getPlatform();
  const results: BenchResult[] = [];
  for (const name of backends) {
    let report: BackendReport;
    try {
      report = await platform.initBackend({ backend: name });
    } catch (error) {
      results.push({ backend: name, detail: error instanceof Error ? error.message : String(error) });
      onResult(results.at(-1)!);
      continue;
    }
    const detail = report.attempts.find((attempt) => attempt.name === name)?.reason ?? '';
    await nextFrame();
    const model = await MobileNetV2({ weights: null });
    try {
      results.push({ backend: name, detail, ...(await timeModel(model)) });
    } finally {
      model.dispose();
    }
    onResult(results.at(-1)!);
  }
  return results;
}

async function timeModel(
  model: LayersModel,
): Promise<Pick<BenchResult, 'batch1Ms' | 'batch32ImagesPerSecond' | 'batch32Estimated' | 'note'>> {
  const one = tf.randomUniform([1, 224, 224, 3], -1, 1);
  const times: number[] = [];
  try {
    await run(model, one); // warm-up: compiles shaders, allocates
    const started = performance.now();
    while (times.length < batch1Runs && (times.length === 0 || performance.now() - started < batch1BudgetMs)) {
      times.push(await run(model, one));
      await nextFrame();
    }
  } finally {
    one.dispose();
  }
  const batch1Ms = median(times);
  const estimate = batch1Ms * 32;
  if (estimate > batch32BudgetMs) {
    return {
      batch1Ms,
      batch32ImagesPerSecond: 1000 / batch1Ms,
      batch32Estimated: true,
      note: `median of ${times.length} batch-1 runs; batch 32 (about ${Math.round(estimate / 1000)} s) not run, its throughput estimated from batch 1`,
    };
  }
  const batch = tf.randomUniform([32, 224, 224, 3], -1, 1);
  try {
    // Warm up at this shape too where that is cheap (WebGL compiles its programs per shape).
    if (estimate < batch32BudgetMs / 3) await run(model, batch);
    const ms = await run(model, batch);
    return { batch1Ms, batch32ImagesPerSecond: 32_000 / ms, note: `median of ${times.length} batch-1 runs` };
  } finally {
    batch.dispose();
  }
}

/** Milliseconds of one prediction, waiting for the values as a caller would. */
async function run(model: LayersModel, input: tf.Tensor): Promise<number> {
  const started = performance.now();
  const output = model.predict(input) as tf.Tensor;
  await output.data();
  output.dispose();
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The results as a table. */
export function benchTable(results: readonly BenchResult[]): HTMLTableElement {
  return element('table', { class: 'bench' }, [
    element('caption', { text: 'MobileNetV2 1.0, 224 x 224, in this browser' }),
    element('thead', {}, [
      element(
        'tr',
        {},
        ['Backend', 'Details', 'Batch 1 latency', 'Batch 32 throughput', 'Note'].map((name) => element('th', { scope: 'col', text: name })),
      ),
    ]),
    element(
      'tbody',
      {},
      results.map((result) =>
        element('tr', {}, [
          element('th', { scope: 'row', text: result.backend }),
          element('td', { text: result.detail }),
          element('td', { text: result.batch1Ms === undefined ? 'failed' : `${result.batch1Ms.toFixed(0)} ms` }),
          element('td', {
            text:
              result.batch32ImagesPerSecond === undefined
                ? '–'
                : `${result.batch32Estimated === true ? '≈ ' : ''}${result.batch32ImagesPerSecond.toFixed(1)} images/s`,
          }),
          element('td', { text: result.note ?? '' }),
        ]),
      ),
    ),
  ]);
}
