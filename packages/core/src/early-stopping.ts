import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Callback } from './callbacks.js';
import { defaultPrint } from './default-print.js';
import { InvalidArgumentError } from './errors.js';
import { improvementTest, type MonitorMode } from './monitor.js';
import type { EpochLogs } from './training-loop.js';

/**
 * Options of {@link EarlyStopping}, Keras's arguments in camelCase.
 *
 * @category Training
 */
export interface EarlyStoppingOptions {
  /** The value watched at the end of each epoch. Default `'val_loss'`, as Keras. */
  readonly monitor?: string;
  /** The smallest change that counts as an improvement. Default 0. */
  readonly minDelta?: number;
  /** Epochs without improvement after which training stops. Default 0. */
  readonly patience?: number;
  /** Whether the value should fall (`'min'`), rise (`'max'`) or go the way its name says (`'auto'`, the default). */
  readonly mode?: MonitorMode;
  /** Training also waits until the value beats this. */
  readonly baseline?: number;
  /** At the end, put back the weights of the best epoch seen. Default false, as Keras. */
  readonly restoreBestWeights?: boolean;
  /** Epochs to train before watching. Default 0. */
  readonly startFromEpoch?: number;
  /** 1 prints when it stops and when it restores weights. Default 0. */
  readonly verbose?: 0 | 1;
  /** Where the lines go at `verbose: 1`. Default: the platform's print. */
  readonly print?: (line: string) => void;
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(name, `must be a whole number of at least 0, got ${String(value)}`, `Pass ${name}: 3, for instance.`);
  }
  return value;
}

/**
 * Stops training when a monitored value has stopped improving, exactly as Keras's `EarlyStopping`:
 * each epoch whose value does not beat the best so far by more than `minDelta` counts towards
 * `patience`, and when `patience` such epochs have passed in a row, training stops after that
 * epoch. With `restoreBestWeights` the model ends with the weights of the best epoch (or of the
 * last, when none improved on the first), whether training stopped early or not.
 *
 * @category Training
 * @example
 * ```ts
 * const stop = new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 * const history = await fit(model, x, y, { epochs: 100, validationSplit: 0.2, callbacks: [stop] });
 * console.log(`stopped after ${history.epoch.length} epochs; best was epoch ${stop.bestEpoch + 1}`);
 * ```
 */
export class EarlyStopping implements Callback {
  /** The epoch (from 0) at which training was stopped, or 0 when it ran to the end. */
  stoppedEpoch = 0;
  /** The epoch (from 0) with the best value. */
  bestEpoch = 0;
  /** The best value seen, once an epoch was watched. */
  best: number | undefined;
  private wait = 0;
  private bestWeights: tf.Tensor[] | undefined;
  private model: LayersModel | undefined;
  private readonly monitor: string;
  private readonly patience: number;
  private readonly startFromEpoch: number;
  private readonly improves: (value: number, reference: number | undefined) => boolean;

  /**
   * @param options - monitor, minDelta, patience, mode, baseline, restoreBestWeights, startFromEpoch, verbose
   * @throws InvalidArgumentError for a negative or fractional patience, an unknown mode, or a
   *   monitored name whose direction cannot be told in `'auto'` mode
   */
  constructor(private readonly options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'val_loss';
    this.patience = wholeNumber('patience', options.patience ?? 0);
    this.startFromEpoch = wholeNumber('startFromEpoch', options.startFromEpoch ?? 0);
    this.improves = improvementTest(this.monitor, options.mode ?? 'auto', options.minDelta ?? 0, 'EarlyStopping');
  }

  /**
   * Keeps the model being trained, so it can stop it and put back its best weights.
   *
   * @param model - the model {@link fit} is training
   */
  setModel(model: LayersModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = undefined;
    this.bestEpoch = 0;
    this.dropBestWeights();
  }

  /**
   * Compares the monitored value with the best so far, and stops training after `patience` epochs without improvement.
   *
   * @param epoch - the epoch's index from 0
   * @param logs - the epoch's logs, which hold the monitored value
   */
  onEpochEnd(epoch: number, logs: EpochLogs): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      this.say(`Warning: EarlyStopping watches ${this.monitor}, which is not in the logs (${Object.keys(logs).join(', ')}).`, true);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    const { restoreBestWeights = false, baseline } = this.options;
    if (restoreBestWeights && this.bestWeights === undefined) {
      this.keepWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (restoreBestWeights) this.keepWeights();
      if (baseline === undefined || this.improves(current, baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0 && this.model !== undefined) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0) this.say(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.bestWeights !== undefined && this.model !== undefined) {
      this.say(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
    this.dropBestWeights();
  }

  private keepWeights(): void {
    this.dropBestWeights();
    this.bestWeights = (this.model?.getWeights() ?? []).map((weight) => tf.clone(weight));
  }

  private dropBestWeights(): void {
    if (this.bestWeights !== undefined) tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }

  private say(line: string, always = false): void {
    if (always || this.options.verbose === 1) (this.options.print ?? defaultPrint())(line);
  }
}
