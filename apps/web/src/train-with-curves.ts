import { fit, type History } from '@dendrite/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { TrainingChart } from './training-chart.js';

/** How {@link trainWithCurves} trains, named as in Keras's `fit`. */
export interface TrainWithCurvesOptions {
  /** The epoch to stop at; with `initialEpoch`, the run trains epochs `initialEpoch + 1` to `epochs`. */
  readonly epochs: number;
  /**
   * Epochs already trained (a second phase, as Keras's `initial_epoch`): the chart is not emptied,
   * and the new epochs continue its axis.
   */
  readonly initialEpoch?: number;
  /** How many epochs the chart's axis spans when a run empties it (default `epochs`): all phases' epochs. */
  readonly chartEpochs?: number;
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
  const { epochs, initialEpoch = 0, batchSize = 32, seed, validationSplit, validationData, chart } = options;
  if (initialEpoch === 0) chart.reset(options.chartEpochs ?? epochs);
  return fit(model, x, y, {
    epochs,
    initialEpoch,
    batchSize,
    seed,
    verbose: 2,
    print: options.print,
    ...(validationData !== undefined ? { validationData } : validationSplit !== undefined ? { validationSplit } : {}),
    callbacks: [{ onEpochEnd: (_epoch, logs) => chart.add({ ...logs } as Record<string, number>) }],
  });
}
