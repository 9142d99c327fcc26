import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from './random.js';
import { FlatAdamStore } from './training-flat-adam.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shapes = [[3, 4], [4], [4, 2], [2]];

function makeVariables(seed: number): tf.Variable[] {
  const random = new SeededRandom(seed);
  return shapes.map((shape) =>
    tf.variable(
      tf.tensor(
        Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => random.next() - 0.5),
        shape,
      ),
    ),
  );
}

function makeGradients(step: number): tf.Tensor[] {
  const random = new SeededRandom(1000 + step);
  return shapes.map((shape) =>
    tf.tensor(
      Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => (random.next() - 0.5) * 10 ** (random.nextInt(6) - 3)),
      shape,
    ),
  );
}

function valuesOf(tensors: readonly tf.Tensor[]): number[] {
  return tensors.flatMap((t) => Array.from(t.dataSync()));
}

describe('FlatAdamStore', () => {
  it("gives bit-for-bit AdamOptimizer's weights and state, and continues from its state", async () => {
    const reference = { variables: makeVariables(1), optimizer: tf.train.adam(0.01) };
    const flat = { variables: makeVariables(1), optimizer: tf.train.adam(0.01) };
    const applyReference = (step: number): void => {
      const gradients = makeGradients(step);
      reference.optimizer.applyGradients(reference.variables.map((v, i) => ({ name: v.name, tensor: gradients[i] as tf.Tensor })));
      tf.dispose(gradients);
    };
    // Both start with two ordinary Adam steps, so the flat store must pick up existing state.
    for (const step of [0, 1]) {
      applyReference(step);
      const gradients = makeGradients(step);
      flat.optimizer.applyGradients(flat.variables.map((v, i) => ({ name: v.name, tensor: gradients[i] as tf.Tensor })));
      tf.dispose(gradients);
    }
    const store = FlatAdamStore.create(flat.optimizer, flat.variables);
    expect(store).toBeDefined();
    for (let step = 2; step < 25; step++) {
      applyReference(step);
      const gradients = makeGradients(step);
      store?.update(gradients);
      tf.dispose(gradients);
      expect(valuesOf(store?.values() ?? [])).toEqual(valuesOf(reference.variables));
    }
    store?.finish();
    expect(valuesOf(flat.variables)).toEqual(valuesOf(reference.variables));
    const [flatState, referenceState] = await Promise.all([flat.optimizer.getWeights(), reference.optimizer.getWeights()]);
    expect(valuesOf(flatState.map((w) => w.tensor))).toEqual(valuesOf(referenceState.map((w) => w.tensor)));
    expect(flat.optimizer.iterations).toBe(25);
    const internals = (o: tf.Optimizer) => o as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    expect(internals(flat.optimizer).accBeta1.dataSync()[0]).toBe(internals(reference.optimizer).accBeta1.dataSync()[0]);
    expect(internals(flat.optimizer).accBeta2.dataSync()[0]).toBe(internals(reference.optimizer).accBeta2.dataSync()[0]);
    tf.dispose([...flatState, ...referenceState].map((w) => w.tensor));
    for (const { variables, optimizer } of [reference, flat]) {
      tf.dispose(variables);
      optimizer.dispose();
    }
  });

  it('creates the moments a fresh optimizer lacks, and frees everything else', () => {
    const variables = makeVariables(2);
    const optimizer = tf.train.adam();
    const before = tf.memory().numTensors;
    const store = FlatAdamStore.create(optimizer, variables);
    const gradients = makeGradients(0);
    store?.update(gradients);
    tf.dispose(gradients);
    store?.finish();
    expect(tf.memory().numTensors).toBe(before + 2 * variables.length);
    tf.dispose(variables);
    optimizer.dispose();
  });

  it('declines optimizers other than Adam, and Adam state that does not fit the weights', () => {
    const variables = makeVariables(3);
    expect(FlatAdamStore.create(tf.train.sgd(0.1), variables)).toBeUndefined();
    const optimizer = tf.train.adam();
    const other = [tf.variable(tf.zeros([5]))];
    optimizer.applyGradients([{ name: other[0]!.name, tensor: tf.ones([5]) }]);
    expect(FlatAdamStore.create(optimizer, variables)).toBeUndefined();
    tf.dispose([...variables, ...other]);
    optimizer.dispose();
  });
});
