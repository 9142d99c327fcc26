import type { Logs } from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from './errors.js';
import { createHistory, type History, kerasLogs, recordEpoch } from './history.js';
import { formatEpochHeader, formatEpochLine, formatProgressFinalLine, formatProgressLine } from './training-log-format.js';

/**
 * Options for {@link createFitReporter}.
 *
 * @category Training
 */
export interface FitReporterOptions {
  /** 0 prints nothing, 1 a progress bar per epoch, 2 one line per epoch (as Keras's `verbose`). */
  readonly verbose: 0 | 1 | 2;
  /** Epochs of the run. */
  readonly epochs: number;
  /** Steps (batches) per epoch: `ceil(training samples / batch size)`. */
  readonly stepsPerEpoch: number;
  /** Writes one finished line (the platform's `print`). */
  readonly print: (line: string) => void;
  /**
   * Replaces the text of the live line with `line` (no line break): how a terminal redraws Keras's
   * progress bar. `write('')` clears the live line before its epoch's final line goes to `print`.
   * Only used with `verbose: 1`; without it, verbose 1 prints one final bar line per epoch.
   */
  readonly write?: (line: string) => void;
  /** The clock, in milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * What the batch logs hold: each batch's own values (`'per-batch'`, tfjs-layers' `model.fit`, the
   * default) or the epoch's running means (`'running-mean'`, Dendrite's training loop), which
   * are then read only when the bar is redrawn.
   */
  readonly batchLogs?: 'per-batch' | 'running-mean';
}

/**
 * Callbacks for tfjs-layers' `model.fit` that print Keras's training output and collect a Keras-style
 * {@link History}. Pass it as `callbacks` (it has the shape of tfjs-layers' `CustomCallbackArgs`),
 * with tfjs's own `verbose` at 0.
 *
 * @category Training
 * @example
 * ```ts
 * const reporter = createFitReporter({ verbose: 2, epochs: 10, stepsPerEpoch: 282, print: console.log });
 * await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: reporter });
 * console.log(reporter.history.history.accuracy);
 * ```
 */
export interface FitReporter {
  /** The epochs seen so far, under Keras's metric names. Emptied when training begins again. */
  readonly history: History;
  /**
   * Clears the history for a new run.
   *
   * @param logs - tfjs-layers' logs (unused)
   */
  onTrainBegin(logs?: Logs): void;
  /**
   * Prints `Epoch n/N` (when more than one epoch) and starts the epoch's clock.
   *
   * @param epoch - the epoch starting, counted from 0
   * @param logs - tfjs-layers' logs (unused)
   */
  onEpochBegin(epoch: number, logs?: Logs): void;
  /**
   * Updates the running metrics, and redraws the progress bar (verbose 1 with `write`). Present only
   * with `verbose: 1`: tfjs-layers reads every batch's metrics back from the backend for a callback
   * that has it, a cost the other modes need not pay.
   */
  onBatchEnd?: (batch: number, logs?: Logs) => void;
  /**
   * Records the epoch and prints its line.
   *
   * @param epoch - the epoch ending, counted from 0
   * @param logs - the epoch's metrics, under tfjs-layers' names
   */
  onEpochEnd(epoch: number, logs?: Logs): void;
  /**
   * Clears a progress bar left drawn by an interrupted epoch.
   *
   * @param logs - tfjs-layers' logs (unused)
   */
  onTrainEnd(logs?: Logs): void;
}

/** Keras redraws its progress bar at most every 50 ms. */
const REDRAW_INTERVAL_MS = 50;

/**
 * Creates the callbacks that print a training run as Keras 2 prints `model.fit`:
 *
 * - `verbose: 2`: `Epoch 3/10`, then `282/282 - 0s - loss: 0.1234 - accuracy: 0.9876 - val_loss: ...`
 *   once per epoch;
 * - `verbose: 1`: `Epoch 3/10`, a progress bar redrawn through `write` as batches end
 *   (`157/282 [===========>..................] - ETA: 0s - loss: ...`, the running means of the epoch),
 *   then `282/282 [==============================] - 1s 2ms/step - loss: ... - val_accuracy: ...`;
 * - `verbose: 0`: nothing.
 *
 * The `Epoch n/N` line is left out when the run has one epoch, as Keras does. Metrics carry Keras's
 * names: tfjs-layers' `acc` and `val_acc` become `accuracy` and `val_accuracy`, in the output and in
 * `history`. The reporter creates no tensors.
 *
 * @param options - verbosity, epochs, steps per epoch, where to print, and the clock
 * @returns callbacks to pass to `model.fit`, with the collected `history`
 * @throws {@link InvalidArgumentError} when `verbose`, `epochs` or `stepsPerEpoch` is out of range
 * @category Training
 * @example
 * ```ts
 * const reporter = createFitReporter({ verbose: 2, epochs: 10, stepsPerEpoch: 282, print: (l) => console.log(l) });
 * await model.fit(x, y, { epochs: 10, batchSize: 32, validationSplit: 0.1, verbose: 0, callbacks: reporter });
 * // Epoch 1/10
 * // 282/282 - 1s - loss: 0.5503 - accuracy: 0.8142 - val_loss: 0.3620 - val_accuracy: 0.9420
 * ```
 */
export function createFitReporter(options: FitReporterOptions): FitReporter {
  const { verbose, epochs, stepsPerEpoch: steps, print, write } = options;
  checkOptions(options);
  const now = options.now ?? (() => Date.now());
  const history = createHistory({ epochs, steps, verbose });
  const progress = new EpochProgress();

  // Only verbose 1 listens to batches (see FitReporter.onBatchEnd).
  const runningMeans = options.batchLogs === 'running-mean';
  const onBatchEnd = (batch: number, logs: Logs = {}): void => {
    const time = now();
    if (runningMeans) progress.count(batch + 1, time);
    else progress.step(batch + 1, time, logs);
    if (write === undefined || time - progress.lastDrawn < REDRAW_INTERVAL_MS) return;
    const etaSeconds = progress.secondsPerStep(time) * Math.max(0, steps - progress.seen);
    const means = runningMeans ? metricsOf(logs) : progress.means();
    write(formatProgressLine({ step: progress.seen, steps, etaSeconds, logs: means }));
    progress.lastDrawn = time;
    progress.drawn = true;
  };

  return {
    history,
    onTrainBegin() {
      history.epoch.length = 0;
      for (const name of Object.keys(history.history)) delete history.history[name];
    },
    onEpochBegin(epoch) {
      progress.start(now());
      if (verbose !== 0 && epochs > 1) print(formatEpochHeader(epoch + 1, epochs));
    },
    ...(verbose === 1 ? { onBatchEnd } : {}),
    onEpochEnd(epoch, logs = {}) {
      const time = now();
      recordEpoch(history, epoch, logs);
      const epochLogs = kerasLogs(logs);
      const seconds = (time - progress.startedAt) / 1000;
      if (verbose === 2) print(formatEpochLine({ step: steps, steps, seconds, logs: epochLogs }));
      if (verbose === 1) {
        if (progress.drawn) write?.('');
        progress.drawn = false;
        const secondsPerStep = progress.secondsPerStep(time, steps);
        print(formatProgressFinalLine({ steps, seconds, secondsPerStep, logs: epochLogs }));
      }
    },
    onTrainEnd() {
      if (progress.drawn) write?.('');
      progress.drawn = false;
    },
  };
}

/** The state of one epoch's progress bar: its clock and the running means of its batch metrics. */
class EpochProgress {
  startedAt = 0;
  firstStepAt: number | undefined;
  seen = 0;
  lastDrawn = Number.NEGATIVE_INFINITY;
  drawn = false;
  private readonly sums = new Map<string, { total: number; weight: number }>();

  start(time: number): void {
    this.startedAt = time;
    this.firstStepAt = undefined;
    this.seen = 0;
    this.lastDrawn = Number.NEGATIVE_INFINITY;
    this.sums.clear();
  }

  /** Counts one batch without its values. */
  count(seen: number, time: number): void {
    this.seen = seen;
    if (seen === 1) this.firstStepAt = time;
  }

  /** Adds one batch; tfjs reports each batch's own values, Keras shows the epoch's running means. */
  step(seen: number, time: number, logs: Logs): void {
    this.count(seen, time);
    const weight = typeof logs.size === 'number' && logs.size > 0 ? logs.size : 1;
    for (const [name, value] of Object.entries(kerasLogs(logs))) {
      const sum = this.sums.get(name) ?? { total: 0, weight: 0 };
      sum.total += value * weight;
      sum.weight += weight;
      this.sums.set(name, sum);
    }
  }

  means(): Record<string, number> {
    const means: Record<string, number> = {};
    for (const [name, sum] of this.sums) means[name] = sum.total / sum.weight;
    return means;
  }

  /** Keras's estimate: the first step (which includes warm-up) is left out once there are others. */
  secondsPerStep(time: number, step = this.seen): number {
    if (step <= 0) return 0;
    if (this.firstStepAt !== undefined && step > 1) return (time - this.firstStepAt) / 1000 / (step - 1);
    return (time - this.startedAt) / 1000 / step;
  }
}

/** The metrics of batch logs that already hold running means, under Keras's names. */
function metricsOf(logs: Logs): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(logs)) {
    if (name !== 'batch' && name !== 'size' && typeof value === 'number') metrics[name] = value;
  }
  return kerasLogs(metrics);
}

function checkOptions(options: FitReporterOptions): void {
  const { verbose, epochs, stepsPerEpoch } = options;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) {
    throw new InvalidArgumentError(
      'verbose',
      `must be 0, 1 or 2, got ${String(verbose)}`,
      'Pass 0 (silent), 1 (progress bar) or 2 (one line per epoch).',
    );
  }
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidArgumentError('epochs', `must be a positive integer, got ${String(epochs)}`, 'Pass a whole number >= 1.');
  }
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
    throw new InvalidArgumentError(
      'stepsPerEpoch',
      `must be a positive integer, got ${String(stepsPerEpoch)}`,
      'Pass ceil(training samples / batch size).',
    );
  }
  if (typeof options.print !== 'function') {
    throw new InvalidArgumentError('print', 'must be a function', "Pass a function that writes one line, such as the platform's print.");
  }
}
