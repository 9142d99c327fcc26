import type { History as TfjsHistory, Logs } from '@tensorflow/tfjs-layers';

/**
 * The settings of a training run, as Keras keeps them in `history.params`.
 *
 * @category Training
 * @example
 * ```ts
 * const { epochs, steps } = history.params; // 10, 313
 * ```
 */
export interface HistoryParams {
  /** Epochs the run was asked for. */
  readonly epochs: number;
  /** Steps (batches) per epoch. */
  readonly steps: number;
  /** How much the run printed: 0 nothing, 1 a progress bar, 2 one line per epoch. */
  readonly verbose: 0 | 1 | 2;
}

/**
 * What a training run returns, shaped like Keras's `History`: the epochs run (counted from 0) and one
 * list of values per metric, under Keras's names (`loss`, `accuracy`, `val_loss`, `val_accuracy`).
 * It is plain data, so it can be saved as JSON or drawn as a chart.
 *
 * @category Training
 * @example
 * ```ts
 * const history = await fit(model, x, y, { epochs: 10, verbose: 2 });
 * console.log(history.history.accuracy?.at(-1)); // close to 1
 * ```
 */
export interface History {
  /** The epochs run, counted from 0 as in Keras: `[0, 1, ..., 9]`. */
  readonly epoch: number[];
  /** Each metric's value at the end of each epoch, in the order of `epoch`. */
  readonly history: Record<string, number[]>;
  /** The run's settings. */
  readonly params: HistoryParams;
}

/** tfjs-layers writes `acc` for the `accuracy` metric; Keras 2 writes `accuracy`. */
const KERAS_NAMES: Readonly<Record<string, string>> = { acc: 'accuracy', val_acc: 'val_accuracy' };

/** Batch bookkeeping that tfjs-layers puts in batch logs and Keras does not show. */
const BOOKKEEPING = new Set(['batch', 'size']);

/**
 * The name Keras 2 gives a metric that tfjs-layers reports: `acc` becomes `accuracy` and `val_acc`
 * becomes `val_accuracy`; other names are kept.
 *
 * @param name - a key of tfjs-layers' training logs
 * @returns the Keras name
 * @category Training
 * @example
 * ```ts
 * kerasMetricName('val_acc'); // 'val_accuracy'
 * ```
 */
export function kerasMetricName(name: string): string {
  return KERAS_NAMES[name] ?? name;
}

/**
 * Training logs from tfjs-layers, renamed and ordered as Keras shows them: `loss` first, then the
 * other training metrics, then their validation counterparts in the same order (`val_loss`,
 * `val_accuracy`), then any other validation value. Batch bookkeeping (`batch`, `size`) is dropped.
 *
 * @param logs - the logs tfjs-layers passes to a callback
 * @returns a new object with Keras's names, in Keras's order
 * @category Training
 * @example
 * ```ts
 * kerasLogs({ val_loss: 0.2, val_acc: 0.9, loss: 0.1, acc: 0.95 });
 * // { loss: 0.1, accuracy: 0.95, val_loss: 0.2, val_accuracy: 0.9 }
 * ```
 */
export function kerasLogs(logs: Readonly<Record<string, number>>): Record<string, number> {
  const renamed = new Map<string, number>();
  for (const [name, value] of Object.entries(logs)) {
    if (!BOOKKEEPING.has(name)) renamed.set(kerasMetricName(name), value);
  }
  const training = [...renamed.keys()].filter((name) => !name.startsWith('val_'));
  training.sort((a, b) => Number(b === 'loss') - Number(a === 'loss'));
  const order = [...training, ...training.map((name) => `val_${name}`), ...renamed.keys()];
  const ordered: Record<string, number> = {};
  for (const name of order) {
    const value = renamed.get(name);
    if (value !== undefined && !(name in ordered)) ordered[name] = value;
  }
  return ordered;
}

/**
 * Starts an empty {@link History} for a run with these settings.
 *
 * @param params - the run's epochs, steps per epoch and verbosity
 * @returns a History with no epochs yet
 * @category Training
 * @example
 * ```ts
 * const history = createHistory({ epochs: 10, steps: 313, verbose: 2 });
 * ```
 */
export function createHistory(params: HistoryParams): History {
  return { epoch: [], history: {}, params: { ...params } };
}

/**
 * Adds one finished epoch to a {@link History}, under Keras's metric names. A metric that appears
 * late is padded with `NaN` for the epochs before it, so every list stays as long as `epoch`.
 *
 * @param history - the History to add to (changed in place)
 * @param epoch - the epoch, counted from 0
 * @param logs - the epoch's logs from tfjs-layers (`acc` and `accuracy` are both accepted)
 * @category Training
 * @example
 * ```ts
 * recordEpoch(history, 0, { loss: 0.69, acc: 0.5 });
 * history.history.accuracy; // [0.5]
 * ```
 */
export function recordEpoch(history: History, epoch: number, logs: Readonly<Record<string, number>>): void {
  const before = history.epoch.length;
  history.epoch.push(epoch);
  for (const [name, value] of Object.entries(kerasLogs(logs))) {
    const values = (history.history[name] ??= new Array<number>(before).fill(Number.NaN));
    values.push(value);
  }
  for (const values of Object.values(history.history)) {
    if (values.length === before) values.push(Number.NaN);
  }
}

/**
 * Converts the `History` that tfjs-layers' `model.fit` returns into Dendrite's {@link History}, with
 * Keras's metric names and `params` as Keras keeps them.
 *
 * @param tfjsHistory - what `await model.fit(...)` returned
 * @param verbose - the verbosity to record (tfjs-layers records its own, usually 0 when Dendrite prints)
 * @returns a new History holding plain numbers
 * @category Training
 * @example
 * ```ts
 * const history = historyFromTfjs(await model.fit(x, y, { epochs: 10 }), 2);
 * console.log(history.history.val_accuracy);
 * ```
 */
export function historyFromTfjs(tfjsHistory: TfjsHistory, verbose?: 0 | 1 | 2): History {
  const params = tfjsHistory.params ?? {};
  const epochs = numberParam(params.epochs, tfjsHistory.epoch.length);
  const samples = numberParam(params.samples, 0);
  const batchSize = numberParam(params.batchSize, 32);
  const steps = numberParam(params.steps, Math.ceil(samples / batchSize));
  const recordedVerbose = verbose ?? (numberParam(params.verbose, 0) as 0 | 1 | 2);
  const history = createHistory({ epochs, steps, verbose: recordedVerbose });
  tfjsHistory.epoch.forEach((epoch, i) => {
    const logs: Logs = {};
    for (const [name, values] of Object.entries(tfjsHistory.history)) {
      const value = values[i];
      if (value !== undefined) logs[name] = typeof value === 'number' ? value : (value.dataSync()[0] ?? Number.NaN);
    }
    recordEpoch(history, epoch, logs);
  });
  return history;
}

function numberParam(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
