import { InvalidArgumentError } from './errors.js';

/**
 * Which way a monitored value improves: `'min'` (a loss), `'max'` (an accuracy), or `'auto'`, which
 * decides from the name as Keras does.
 *
 * @category Training
 */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Metrics that improve upwards, by the names Keras and tfjs-layers give them. */
const RISING = new Set([
  'accuracy',
  'acc',
  'binary_accuracy',
  'binaryAccuracy',
  'categorical_accuracy',
  'categoricalAccuracy',
  'sparse_categorical_accuracy',
  'sparseCategoricalAccuracy',
  'precision',
  'recall',
  'auc',
  'top_k_categorical_accuracy',
]);
/** Losses and errors, which improve downwards. */
const FALLING = /loss|error|crossentropy|hinge|divergence|poisson|^mse$|^mae$|^mape$|^msle$|cosine/i;

/**
 * Keras's improvement test of a monitored value (its `MonitorCallback`): a value improves on the
 * reference when it beats it by more than `minDelta` in the mode's direction; anything improves on
 * no reference. @internal
 */
export function improvementTest(
  monitor: string,
  mode: MonitorMode,
  minDelta: number,
  owner: string,
): (value: number, reference: number | undefined) => boolean {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
    throw new InvalidArgumentError(
      'mode',
      `must be 'auto', 'min' or 'max', got ${JSON.stringify(mode)}`,
      "Pass 'min' for a loss, 'max' for an accuracy.",
    );
  }
  if (!Number.isFinite(minDelta)) {
    throw new InvalidArgumentError(
      'minDelta',
      `must be a finite number, got ${String(minDelta)}`,
      'Pass the smallest change that counts as an improvement, such as 0.001.',
    );
  }
  const name = monitor.replace(/^val_/, '');
  let direction = mode;
  if (direction === 'auto') {
    if (RISING.has(name)) direction = 'max';
    else if (FALLING.test(name)) direction = 'min';
    else {
      throw new InvalidArgumentError(
        'mode',
        `${owner} cannot tell whether ${monitor} should go up or down`,
        `Pass mode: 'max' to keep the highest ${monitor}, or mode: 'min' to keep the lowest.`,
      );
    }
  }
  const delta = Math.abs(minDelta);
  return direction === 'min'
    ? (value, reference) => reference === undefined || value + delta < reference
    : (value, reference) => reference === undefined || value - delta > reference;
}
