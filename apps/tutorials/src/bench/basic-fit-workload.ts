import { fit } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The course's basic network trained as the benchmarks time it, on the platform already set:
 * 10,000 seeded samples of x in [0, 1) labelled x >= 0.5, Dense(8, relu) then Dense(2, softmax),
 * Adam, 10 epochs of batch 32. Returns the seconds `fit` took and the last epoch's accuracy.
 */
export async function timeBasicFit(): Promise<{ seconds: number; accuracy: number }> {
  const x = tf.randomUniform([10_000, 1], 0, 1, 'float32', 42);
  const y = tf.tidy(() => tf.cast(tf.greaterEqual(tf.reshape(x, [-1]), 0.5), 'float32'));
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [1] }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const started = performance.now();
  const history = await fit(model, x, y, { epochs: 10, batchSize: 32, verbose: 0, seed: 42 });
  const seconds = (performance.now() - started) / 1000;
  const accuracy = Number(
    Object.entries(history.history)
      .find(([name]) => /^acc(uracy)?$/.test(name))?.[1]
      ?.at(-1) ?? Number.NaN,
  );
  tf.dispose([x, y]);
  model.dispose();
  return { seconds, accuracy };
}
