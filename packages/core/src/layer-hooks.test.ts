import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerActivation, withLayerCall, withoutActivation } from './layer-hooks.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// These fail when a TensorFlow.js upgrade changes the internals layer-hooks.ts relies on.
describe('layer hooks (tfjs-layers internals)', () => {
  const input = tfl.input({ shape: [3] });
  const hidden = tfl.layers.dense({ units: 4, activation: 'relu', name: 'hidden', kernelInitializer: 'ones' });
  const head = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head' });
  const inner = tfl.model({ inputs: input, outputs: head.apply(hidden.apply(input)) as tfl.SymbolicTensor });
  const outerInput = tfl.input({ shape: [3] });
  const outer = tfl.model({ inputs: outerInput, outputs: inner.apply(outerInput) as tfl.SymbolicTensor });
  const x = tf.tensor2d([[1, 2, 3]]);

  it("reads a layer's activation", () => {
    expect(layerActivation(head)).toBe('softmax');
    expect(layerActivation(hidden)).toBe('relu');
  });

  it('replaces a layer’s output inside a nested model while the model runs, then restores it', () => {
    const replaced = withLayerCall(hidden, () => tf.zeros([1, 4]), () => (outer.apply(x) as tf.Tensor).arraySync());
    expect(replaced).toEqual([[0.5, 0.5]]); // zeros through the head: its zero bias, softmax
    expect((outer.apply(x) as tf.Tensor).arraySync()).not.toEqual([[0.5, 0.5]]);
    expect(Object.prototype.hasOwnProperty.call(hidden, 'call')).toBe(false);
  });

  it('takes the softmax out for the pre-activation scores, then puts it back', () => {
    const [kernel, bias] = head.getWeights() as [tf.Tensor2D, tf.Tensor1D];
    const logits = tf.add(tf.matMul(tf.fill([1, 4], 6), kernel), bias).arraySync() as number[][];
    const withoutSoftmax = withoutActivation(head, () => (outer.apply(x) as tf.Tensor).arraySync() as number[][]);
    withoutSoftmax[0]!.forEach((value, i) => expect(value).toBeCloseTo(logits[0]![i]!, 5));
    const sum = ((outer.apply(x) as tf.Tensor).arraySync() as number[][])[0]!.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 6);
  });
});
