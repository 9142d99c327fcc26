import * as tf from '@tensorflow/tfjs-core';
import { takeRows } from './training-batches.js';

/**
 * A tfjs-layers loss or metric function: targets and predictions in, one value per sample (or one
 * value for the whole batch) out.
 *
 * @internal
 */
export type LossOrMetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * A compiled metric under the name Keras logs it with.
 *
 * @internal
 */
export interface NamedMetric {
  readonly name: string;
  readonly fn: LossOrMetricFn;
}

/** Predictions held before their metrics are computed: about 4 MB of float32. */
const MAX_PENDING_ELEMENTS = 1 << 20;

/**
 * Keras's epoch averages of the loss and metrics, computed with as few kernel launches and reads as
 * possible: each batch's predictions are kept as they come, and the metrics run over many batches
 * at once (the whole epoch for small models), which gives the same mean over samples as Keras's
 * per-batch updates weighted by batch size. The sums stay on the device until someone reads them.
 *
 * The loss is either the mean loss each training step returned (so it includes regularisation
 * penalties, as Keras reports) or, when `loss` is given, the loss function applied to the kept
 * predictions (for steps that do not compute the loss value itself).
 *
 * @internal
 */
export class EpochAccumulator {
  private targets: tf.Tensor | undefined;
  private pending: tf.Tensor[] = [];
  /** The targets of the pending predictions, when the epoch streams them (started without targets). */
  private pendingTargets: tf.Tensor[] = [];
  private pendingRows = 0;
  private pendingElements = 0;
  private flushedRows = 0;
  private deviceSums: tf.Tensor[] | undefined;
  private batchLosses: tf.Tensor[] = [];
  private batchLossSizes: number[] = [];
  private readonly totals: number[];

  constructor(
    private readonly loss: LossOrMetricFn | undefined,
    private readonly metrics: readonly NamedMetric[],
  ) {
    this.totals = new Array<number>(metrics.length + 1).fill(0);
  }

  /** Starts an epoch whose targets, in the order the batches will come, are `targets` (owned from now on). */
  start(targets?: tf.Tensor): void {
    this.reset();
    this.targets = targets;
  }

  /** Adds a batch's predictions and, if the step computed it, its mean loss (both owned from now on). */
  add(prediction: tf.Tensor, batchLoss?: tf.Tensor, batchTargets?: tf.Tensor): void {
    const rows = prediction.shape[0] ?? 0;
    this.pending.push(prediction);
    if (batchTargets !== undefined) this.pendingTargets.push(batchTargets);
    this.pendingRows += rows;
    this.pendingElements += prediction.size;
    if (batchLoss !== undefined) {
      this.batchLosses.push(batchLoss);
      this.batchLossSizes.push(rows);
    }
    if (this.pendingElements >= MAX_PENDING_ELEMENTS) this.flush();
  }

  /** The averages over every sample added so far this epoch; waits for the device. */
  averages(): Record<string, number> {
    const pending = this.collect();
    if (pending !== undefined) this.absorb(pending.dataSync());
    pending?.dispose();
    return this.currentAverages();
  }

  /** The epoch's averages, read without blocking (a browser stays responsive); frees the epoch's tensors. */
  async finish(): Promise<Record<string, number>> {
    const pending = this.collect();
    try {
      if (pending !== undefined) this.absorb(await pending.data());
    } finally {
      pending?.dispose();
    }
    const result = this.currentAverages();
    this.reset();
    return result;
  }

  /** Everything not yet read, as one vector: the device sums, then the batch losses. */
  private collect(): tf.Tensor | undefined {
    this.flush();
    const values = [...(this.deviceSums ?? []), ...this.batchLosses];
    return values.length === 0 ? undefined : tf.tidy(() => tf.concat(values.map((v) => tf.reshape(v, [1]))));
  }

  /** Adds what {@link EpochAccumulator.collect} gathered, once read, to the running totals. */
  private absorb(read: ArrayLike<number>): void {
    const sums = this.deviceSums ?? [];
    const first = this.loss === undefined ? 1 : 0;
    sums.forEach((_, i) => {
      this.totals[i + first] = (this.totals[i + first] ?? 0) + (read[i] ?? 0);
    });
    // Weighted by batch size in float64, as Keras's and tfjs's loggers average batch losses.
    this.batchLossSizes.forEach((size, i) => {
      this.totals[0] = (this.totals[0] ?? 0) + (read[sums.length + i] ?? 0) * size;
    });
    tf.dispose([...sums, ...this.batchLosses]);
    this.deviceSums = undefined;
    this.batchLosses = [];
    this.batchLossSizes = [];
  }

  private currentAverages(): Record<string, number> {
    const rows = this.flushedRows;
    const result: Record<string, number> = { loss: (this.totals[0] ?? 0) / rows };
    this.metrics.forEach((metric, i) => {
      result[metric.name] = (this.totals[i + 1] ?? 0) / rows;
    });
    return result;
  }

  /** Frees everything held. */
  dispose(): void {
    this.reset();
  }

  private flush(): void {
    if (this.pendingRows === 0) return;
    const targets = this.targets;
    const streamed = this.pendingTargets;
    if (targets === undefined && streamed.length === 0) return;
    const start = this.flushedRows;
    const rows = this.pendingRows;
    const next = tf.tidy(() => {
      const predictions = this.pending.length === 1 ? (this.pending[0] as tf.Tensor) : tf.concat(this.pending);
      const truth =
        targets !== undefined ? takeRows(targets, start, rows) : streamed.length === 1 ? (streamed[0] as tf.Tensor) : tf.concat(streamed);
      const values: tf.Tensor[] = [];
      if (this.loss !== undefined) values.push(tf.sum(this.loss(truth, predictions)));
      for (const metric of this.metrics) values.push(total(metric.fn(truth, predictions), rows));
      const previous = this.deviceSums;
      return previous === undefined ? values : values.map((value, i) => tf.add(previous[i] as tf.Tensor, value));
    });
    if (this.deviceSums !== undefined) tf.dispose(this.deviceSums);
    this.deviceSums = next;
    tf.dispose([...this.pending, ...this.pendingTargets]);
    this.pending = [];
    this.pendingTargets = [];
    this.flushedRows += rows;
    this.pendingRows = 0;
    this.pendingElements = 0;
  }

  private reset(): void {
    tf.dispose([...this.pending, ...this.pendingTargets, ...this.batchLosses, ...(this.deviceSums ?? [])]);
    this.pendingTargets = [];
    if (this.targets !== undefined) this.targets.dispose();
    this.targets = undefined;
    this.pending = [];
    this.batchLosses = [];
    this.batchLossSizes = [];
    this.deviceSums = undefined;
    this.pendingRows = 0;
    this.pendingElements = 0;
    this.flushedRows = 0;
    this.totals.fill(0);
  }
}

/** The sum over `rows` samples of a metric that gave one value per sample, or one for all of them. */
function total(values: tf.Tensor, rows: number): tf.Tensor {
  if (values.size === rows) return tf.sum(values);
  return tf.mul(tf.mean(values), rows);
}
