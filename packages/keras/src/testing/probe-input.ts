import * as tf from '@tensorflow/tfjs-core';

/** The fixtures' deterministic input (make-fixtures.py's probe_input): element i is ((i * 7919) % 1000) / 500 - 1. */
export function probeInput(shape: readonly number[], scale = 1): tf.Tensor {
  const count = shape.reduce((product, size) => product * size, 1);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index += 1)
    values[index] = Math.fround(Math.fround(((index * 7919) % 1000) / 500 - 1) * Math.fround(scale));
  return tf.tensor(values, [...shape]);
}

export interface RecordedModel {
  readonly files: string[];
  readonly input_shape: number[];
  readonly input_scale: number;
  readonly output_shape: number[];
  readonly output: number[];
}
