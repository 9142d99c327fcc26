import { InvalidArgumentError } from './errors.js';

/**
 * What `onBatchEnd` receives: the batch's index and size, and the loss and metrics averaged over the
 * epoch so far (what Keras passes to `on_train_batch_end` and prints in its progress bar).
 *
 * The values are computed when first read, because reading them waits for the device: a callback
 * that only counts batches costs nothing, and one that reads values every few batches pays only
 * then. Read them inside the callback (copy them if you need them later); reading afterwards
 * throws.
 *
 * @category Training
 * @example
 * ```ts
 * const onBatchEnd = (batch: number, logs: BatchLogs) => {
 *   if (batch % 100 === 0) console.log(batch, logs.loss, logs.accuracy);
 * };
 * ```
 */
export interface BatchLogs {
  /** Index of the batch within its epoch, from 0. */
  readonly batch: number;
  /** Number of samples in the batch. */
  readonly size: number;
  /** Mean training loss over the epoch's samples so far. */
  readonly loss: number;
  /** Each compiled metric under its Keras name (such as `accuracy`), averaged over the epoch so far. */
  readonly [metric: string]: number | undefined;
}

/**
 * Batch logs whose values come from `read` on first access, until `close` is called.
 *
 * @internal
 */
export function lazyBatchLogs(
  batch: number,
  size: number,
  names: readonly string[],
  read: () => Record<string, number>,
): { logs: BatchLogs; close: () => void } {
  let values: Record<string, number> | undefined;
  let open = true;
  const value = (name: string): number => {
    if (values === undefined) {
      if (!open) {
        throw new InvalidArgumentError(
          'batch logs',
          `'${name}' was read after onBatchEnd returned, when the batch's values are gone`,
          'Read the values inside onBatchEnd and copy the ones you need.',
        );
      }
      values = read();
    }
    return values[name] ?? Number.NaN;
  };
  const logs: Record<string, number> = { batch, size };
  for (const name of names) {
    Object.defineProperty(logs, name, { enumerable: true, get: () => value(name) });
  }
  return {
    logs: logs as BatchLogs,
    close: () => {
      open = false;
    },
  };
}
