import * as tf from '@tensorflow/tfjs-layers';

/**
 * Part 2's network, as the course writes it in Keras: `Sequential([Dense(8, relu, input_shape=(1,)),
 * Dense(2, softmax)])` compiled with adam, sparse categorical crossentropy and accuracy. Written out
 * here, not hidden in a library helper, because writing it is what part 2 teaches. The seed makes the
 * initial weights repeatable.
 *
 * @param seed - seed of the two layers' initial weights
 * @returns the compiled model (34 parameters); the caller disposes it
 */
export function courseNetwork(seed: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
