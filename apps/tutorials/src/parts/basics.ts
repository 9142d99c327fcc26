import { fit, summary, summaryTable, type History } from '@dendrite/core';
import { courseNetwork } from '@dendrite/course';
import { thresholdData, thresholdDataset } from '@dendrite/data';
import * as tf from '@tensorflow/tfjs-core';

/** Options of part 2. */
export interface BasicsOptions {
  readonly seed: number;
  readonly samples?: number;
  readonly epochs?: number;
  /** Where the human-readable text goes; a no-op in --json mode. */
  readonly print: (line: string) => void;
  /** Redraws the current terminal line (Keras's verbose 1 bar); absent when not a terminal. */
  readonly write?: (partialLine: string) => void;
}

/** What part 2 produced, as plain data (the --json output). */
export interface BasicsResult {
  readonly samples: number;
  readonly firstObservations: number[];
  readonly firstLabels: number[];
  readonly layers: number;
  readonly params: { readonly total: number; readonly trainable: number; readonly nonTrainable: number };
  readonly summary: string;
  readonly history: History['history'];
  readonly predictionInputs: number[];
  readonly predictions: number[][];
  readonly argmax: number[];
  readonly validationHistory: History['history'];
}

const predictionInputs = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function paramsOf(model: Parameters<typeof summaryTable>[0]): BasicsResult['params'] {
  const { trainableParams, nonTrainableParams } = summaryTable(model);
  return { total: trainableParams + nonTrainableParams, trainable: trainableParams, nonTrainable: nonTrainableParams };
}

/** Formats the course's predictions as a 10 × 2 table, one row per input. */
export function formatPredictionTable(inputs: readonly number[], predictions: readonly number[][]): string[] {
  const lines = ['   x    P(label 0)  P(label 1)'];
  inputs.forEach((input, i) => {
    const row = predictions[i] ?? [];
    lines.push(`  ${input.toFixed(1)}  ${row.map((p) => p.toFixed(6).padStart(10)).join('  ')}`);
  });
  return lines;
}

/**
 * Course part 2, step by step: the data, the model and its summary, ten epochs of training at
 * verbose 2, predictions for 0 … 0.9 and their argmax, then a fresh model with a validation split.
 */
export async function runBasics(options: BasicsOptions): Promise<BasicsResult> {
  const { seed, samples = 10_000, epochs = 10, print } = options;
  print('Part 2 · A basic network');
  print('');
  print(`The data: ${samples.toLocaleString('en-US')} numbers drawn uniformly from [0, 1); the label is 1 where the number is at least 0.5, else 0.`);
  const { observations, labels } = thresholdData({ samples, seed });
  const firstObservations = Array.from(observations.slice(0, 5), (v) => round(v, 4));
  const firstLabels = Array.from(labels.slice(0, 5));
  print(`  first observations: [${firstObservations.map((v) => v.toFixed(4)).join(', ')}]`);
  print(`  their labels:       [${firstLabels.join(', ')}]`);
  print('');

  const { x, y } = thresholdDataset({ samples, seed });
  const model = courseNetwork(seed);
  const inputs = tf.tensor2d(predictionInputs, [predictionInputs.length, 1]);
  let validationModel: ReturnType<typeof courseNetwork> | undefined;
  try {
    print('The model: Dense(8, relu) on one input, then Dense(2, softmax); adam, sparse categorical crossentropy, accuracy.');
    const table = summary(model, { print });
    print('');

    print(`Training: fit(x, y, epochs=${epochs}, verbose=2)`);
    const history = await fit(model, x, y, { epochs, batchSize: 32, verbose: 2, seed, print });
    print('');

    const output = model.predict(inputs) as tf.Tensor2D;
    const predictions = output.arraySync().map((row) => row.map((p) => round(p, 6)));
    output.dispose();
    const argmax = predictions.map((row) => row.indexOf(Math.max(...row)));
    print(`Predictions for ${predictionInputs.join(', ')} (a 10 × 2 array: one probability per label):`);
    formatPredictionTable(predictionInputs, predictions).forEach((line) => print(line));
    print(`argmax over axis 1: ${argmax.join(' ')}`);
    print('');

    print(`A fresh model trained with validationSplit 0.1 (the last 10% of the data is held out):`);
    validationModel = courseNetwork(seed + 2);
    const validation = await fit(validationModel, x, y, { epochs, batchSize: 32, verbose: 2, validationSplit: 0.1, seed, print });
    const lastValAccuracy = validation.history.val_accuracy?.at(-1);
    if (lastValAccuracy !== undefined) {
      print(`Accuracy on data the model never trained on: ${(lastValAccuracy * 100).toFixed(1)} %.`);
    }

    return {
      samples,
      firstObservations,
      firstLabels,
      layers: model.layers.length,
      params: paramsOf(model),
      summary: table,
      history: history.history,
      predictionInputs,
      predictions,
      argmax,
      validationHistory: validation.history,
    };
  } finally {
    x.dispose();
    y.dispose();
    inputs.dispose();
    model.dispose();
    validationModel?.dispose();
  }
}
