import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, InvalidDataError } from './errors.js';

/** The numeric training options checked before training starts. */
export interface TrainingNumbers {
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
}

/**
 * Checks epochs, batch size and validation split, so that a mistake fails before training with a
 * message saying what to pass instead.
 *
 * @internal
 */
export function checkTrainingNumbers({ epochs, batchSize, validationSplit }: TrainingNumbers): void {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidArgumentError(
      'epochs',
      `must be a positive integer, got ${String(epochs)}`,
      'Pass epochs as a whole number >= 1, such as 10.',
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(
      'batchSize',
      `must be a positive integer, got ${String(batchSize)}`,
      'Pass batchSize as a whole number >= 1, such as 32.',
    );
  }
  if (!(validationSplit >= 0 && validationSplit < 1)) {
    throw new InvalidArgumentError(
      'validationSplit',
      `must be at least 0 and below 1, got ${String(validationSplit)}`,
      'Pass the fraction of samples to hold out, such as 0.1.',
    );
  }
}

function hasNaN(tensor: tf.Tensor): boolean {
  if (tensor.dtype !== 'float32') return false;
  return tf.tidy(() => tf.any(tf.isNaN(tensor)).dataSync()[0] === 1);
}

function lossName(model: LayersModel): string | undefined {
  const loss = (model as unknown as { loss?: unknown }).loss;
  const first = Array.isArray(loss) ? loss[0] : loss;
  return typeof first === 'string' ? first : undefined;
}

/**
 * Checks that `x` and `y` can train `model`: compiled, one label per sample, no NaN, and labels the
 * output layer can represent.
 *
 * @internal
 */
export function checkTrainingData(model: LayersModel, x: tf.Tensor, y: tf.Tensor, name = ''): void {
  const xName = name === '' ? 'x' : `${name} x`;
  const yName = name === '' ? 'y' : `${name} y`;
  if (!model.optimizer) {
    throw new InvalidArgumentError(
      'model',
      'it has not been compiled',
      "Call model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }) first.",
    );
  }
  const samples = x.shape[0] ?? 0;
  if (samples === 0) throw new InvalidDataError(xName, 'it holds no samples', 'Pass at least one sample.');
  if (y.shape[0] !== samples) {
    throw new InvalidDataError(
      yName,
      `it has ${String(y.shape[0])} labels but ${xName} has ${samples} samples`,
      'Give exactly one label per sample, in the same order.',
    );
  }
  const inputShape = model.inputs[0]?.shape.slice(1) ?? [];
  const sampleShape = x.shape.slice(1);
  if (inputShape.length !== sampleShape.length || inputShape.some((size, i) => size !== null && size !== sampleShape[i])) {
    throw new InvalidDataError(
      xName,
      `each sample has shape [${sampleShape.join(', ')}] but the model's input takes [${inputShape.map((s) => s ?? 'any').join(', ')}]`,
      'Reshape the data, or build the model with a matching inputShape.',
    );
  }
  if (hasNaN(x)) throw new InvalidDataError(xName, 'it contains NaN values', 'Remove or replace the missing values before training.');
  if (hasNaN(y)) throw new InvalidDataError(yName, 'it contains NaN values', 'Every sample needs a valid label.');

  const units = model.outputs[0]?.shape.at(-1) ?? null;
  const loss = lossName(model);
  if (loss !== undefined && /sparse_?categorical_?crossentropy/i.test(loss) && units !== null) {
    const { min, max, whole } = tf.tidy(() => {
      const flat = tf.cast(tf.reshape(y, [-1]), 'float32');
      return {
        min: tf.min(flat).dataSync()[0] ?? 0,
        max: tf.max(flat).dataSync()[0] ?? 0,
        whole: tf.all(tf.equal(flat, tf.round(flat))).dataSync()[0] === 1,
      };
    });
    if (!whole || min < 0 || max > units - 1) {
      throw new InvalidDataError(
        yName,
        `labels must be whole numbers from 0 to ${units - 1} for an output layer of ${units} units, but they range from ${min} to ${max}`,
        `Use class indices 0..${units - 1}, or give the last layer as many units as there are classes.`,
      );
    }
  }
}
