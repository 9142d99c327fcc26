import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { asAdamInternals, backendRegistration, checkedTfjsVersion, startedBackend } from './tfjs-internals.js';

describe('the TensorFlow.js internals @dendrite/core uses', () => {
  it('were checked against the installed TensorFlow.js version', () => {
    expect(
      tf.version_core,
      `@tensorflow/tfjs-core is ${tf.version_core}, but packages/core/src/tfjs-internals.ts was checked against ` +
        `${checkedTfjsVersion}: read each use listed there in the new version's source, then update checkedTfjsVersion`,
    ).toBe(checkedTfjsVersion);
  });

  it('still find the engine registries and the Adam fields where they were', async () => {
    await tf.setBackend('cpu');
    expect(backendRegistration('cpu')?.factory).toBeTypeOf('function');
    expect(startedBackend('cpu')).toBe(tf.backend());
    const variable = tf.variable(tf.zeros([2]));
    const adam = tf.train.adam(0.1);
    adam.applyGradients([{ name: variable.name, tensor: tf.ones([2]) }]);
    const internals = asAdamInternals(adam);
    expect(internals).toBeDefined();
    expect(internals!.accumulatedFirstMoment[0]!.variable.shape).toEqual([2]);
    adam.dispose();
    variable.dispose();
  });
});
