import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BatchLogs } from './training-batch-logs.js';
import type { EpochLogs } from './training-loop.js';

/**
 * What {@link fit} calls during training, with Keras's callback methods in camelCase. Every method
 * is optional and may return a promise, which is awaited. A plain object is a callback (Keras's
 * `LambdaCallback`); {@link EarlyStopping} and {@link ModelCheckpoint} are classes. The model's
 * weights are current whenever a method runs, and setting `model.stopTraining = true` ends training
 * after the current batch or epoch, as in Keras.
 *
 * @category Training
 */
export interface Callback {
  /**
   * Called once before training with the model being trained (Keras's `set_model`).
   *
   * @param model - the model {@link fit} is training; keep it to read or change its weights later
   */
  setModel?(model: LayersModel): void;
  /**
   * Called once when training starts.
   *
   * @returns nothing, or a promise training waits for before the first epoch
   */
  onTrainBegin?(): void | Promise<void>;
  /**
   * Called before each epoch.
   *
   * @param epoch - the epoch's index from 0, counting from `initialEpoch`
   * @returns nothing, or a promise the epoch waits for before its first batch
   */
  onEpochBegin?(epoch: number): void | Promise<void>;
  /**
   * Called before each batch.
   *
   * @param batch - the batch's index within the epoch, from 0
   * @returns nothing, or a promise the batch waits for before its training step
   */
  onBatchBegin?(batch: number): void | Promise<void>;
  /**
   * Called after each batch. Its logs compute their values only when read, since reading waits for
   * the device: read them every batch only if you need them every batch.
   *
   * @param batch - the batch's index within the epoch, from 0
   * @param logs - the batch's loss and metrics, read lazily
   * @returns nothing, or a promise the next batch waits for
   */
  onBatchEnd?(batch: number, logs: BatchLogs): void | Promise<void>;
  /**
   * Called after each epoch and its validation.
   *
   * @param epoch - the epoch's index from 0, counting from `initialEpoch`
   * @param logs - the epoch's mean loss and metrics, and `val_` ones when validating, under Keras's names
   * @returns nothing, or a promise the next epoch waits for
   */
  onEpochEnd?(epoch: number, logs: EpochLogs): void | Promise<void>;
  /**
   * Called once when training ends, even when a callback stopped it early.
   *
   * @returns nothing, or a promise {@link fit} waits for before it returns the history
   */
  onTrainEnd?(): void | Promise<void>;
}

/** The callbacks of one run, called in order. @internal */
export class CallbackList {
  private readonly callbacks: readonly Callback[];

  constructor(callbacks: readonly Callback[], model: LayersModel) {
    this.callbacks = callbacks;
    for (const callback of callbacks) callback.setModel?.(model);
  }

  /** How many callbacks there are. */
  get size(): number {
    return this.callbacks.length;
  }

  /** Whether any callback wants batch events, which cost a device read only when they exist. */
  get wantsBatches(): boolean {
    return this.callbacks.some((c) => c.onBatchBegin !== undefined || c.onBatchEnd !== undefined);
  }

  async trainBegin(): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.();
  }

  async epochBegin(epoch: number): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch);
  }

  async batchBegin(batch: number): Promise<void> {
    for (const c of this.callbacks) {
      // Awaited only when it returns a promise: a plain function costs no trip through the microtask queue.
      const pending = c.onBatchBegin?.(batch);
      if (pending !== undefined) await pending;
    }
  }

  async batchEnd(batch: number, logs: BatchLogs): Promise<void> {
    for (const c of this.callbacks) {
      const pending = c.onBatchEnd?.(batch, logs);
      if (pending !== undefined) await pending;
    }
  }

  async epochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }

  async trainEnd(): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.();
  }
}
