import { fit, type History } from '@dendrite/core';
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
 * Trains a compiled model with Dendrite's `fit`, printing Keras's one line per epoch and adding
 * each epoch to a live chart from a callback, as a Keras user would with a `LambdaCallback`.
 *
 * @returns the run's History, under Keras's metric names
 */
export async function trainWithCurves(model: LayersModel, x: Tensor, y: Tensor, options: TrainWithCurvesOptions): Promise<History> {
  const { epochs, batchSize = 32, seed, validationSplit, validationData, chart } = options;
  chart.reset(epochs);
  return fit(model, x, y, {
    epochs,
    batchSize,
    seed,
    verbose: 2,
    print: options.print,
    ...(validationData !== undefined ? { validationData } : validationSplit !== undefined ? { validationSplit } : {}),
    callbacks: [{ onEpochEnd: (_epoch, logs) => chart.add({ ...logs } as Record<string, number>) }],
  });
}
