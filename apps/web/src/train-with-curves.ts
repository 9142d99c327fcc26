import { type History } from '@dendrite/core';
import { createFitReporter, kerasLogs, trainModel } from '@dendrite/core/internal';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { TrainingChart } from './training-chart.js';

/** How {@link trainWithCurves} trains, named as in Keras's `fit`. */
export interface TrainWithCurvesOptions {
  readonly epochs: number;
  readonly batchSize?: number;
  readonly seed: number;
  readonly validationSplit?: number;
  readonly validationData?: readonly [Tensor, Tensor];
  /** Redrawn at the end of every epoch. */
  readonly chart: TrainingChart;
  /** Receives Keras's verbose 2 lines (`Epoch 1/10`, then the epoch's metrics). */
  readonly print: (line: string) => void;
}

/**
 * Trains a compiled model with Dendrite's training loop, printing Keras's one line per epoch and
 * adding each epoch to a live chart.
 *
 * @returns the run's History, under Keras's metric names
 */
export async function trainWithCurves(model: LayersModel, x: Tensor, y: Tensor, options: TrainWithCurvesOptions): Promise<History> {
  const { epochs, batchSize = 32, seed, validationSplit, validationData, chart } = options;
  const samples = x.shape[0] ?? 0;
  const trainingSamples = validationData === undefined && validationSplit !== undefined ? Math.floor(samples * (1 - validationSplit)) : samples;
  const reporter = createFitReporter({ verbose: 2, epochs, stepsPerEpoch: Math.ceil(trainingSamples / batchSize), print: options.print });
  chart.reset(epochs);
  reporter.onTrainBegin();
  await trainModel(model, x, y, {
    epochs,
    batchSize,
    seed,
    ...(validationData !== undefined ? { validationData } : validationSplit !== undefined ? { validationSplit } : {}),
    callbacks: {
      onEpochBegin: (epoch) => reporter.onEpochBegin(epoch),
      onEpochEnd: (epoch, logs) => {
        const values = kerasLogs(logs as Record<string, number>);
        reporter.onEpochEnd(epoch, values);
        chart.add(values);
      },
    },
  });
  reporter.onTrainEnd();
  return reporter.history;
}
