import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeakedTensors, TensorLeakError } from './expect-no-leaks.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('expectNoLeakedTensors', () => {
  it('passes a function that cleans up and returns its result', async () => {
    const value = await expectNoLeakedTensors(() => tf.tidy(() => tf.sum(tf.ones([3])).arraySync()));
    expect(value).toBe(3);
  });

  it('fails a function that leaves tensors behind, counting them', async () => {
    const leaky = () => {
      tf.ones([2]);
      tf.zeros([2]);
    };
    await expect(expectNoLeakedTensors(leaky, { label: 'leaky' })).rejects.toThrow(TensorLeakError);
    await expect(expectNoLeakedTensors(leaky, { label: 'leaky' })).rejects.toThrow(/leaky leaked 2 tensor/);
  });

  it('allows tensors the function hands back when told how many', async () => {
    const made = await expectNoLeakedTensors(() => tf.ones([2]), { returns: 1 });
    made.dispose();
  });
});
