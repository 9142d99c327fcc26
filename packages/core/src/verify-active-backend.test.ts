import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { verifyActiveBackend } from './backend-activation.js';

describe('verifyActiveBackend', () => {
  it('passes on a backend that computes correctly and leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await expect(verifyActiveBackend()).resolves.toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the backend and the wrong numbers when a kernel misbehaves', async () => {
    await tf.setBackend('cpu');
    const kernel = tf.getKernel('BatchMatMul', 'cpu')!;
    tf.unregisterKernel('BatchMatMul', 'cpu');
    // A matrix product that answers with zeros of the right shape.
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        const result = kernel.kernelFunc(args) as tf.TensorInfo;
        const backend = args.backend as tf.KernelBackend;
        backend.disposeData(result.dataId);
        return { dataId: backend.write(new Float32Array(4), result.shape, 'float32'), shape: result.shape, dtype: 'float32' };
      },
    });
    try {
      await expect(verifyActiveBackend()).rejects.toThrow(
        "the 'cpu' backend computed a 2x2 matrix product wrongly: [0, 0, 0, 0] instead of [19, 22, 43, 50]",
      );
    } finally {
      tf.unregisterKernel('BatchMatMul', 'cpu');
      tf.registerKernel(kernel);
    }
  });
});
