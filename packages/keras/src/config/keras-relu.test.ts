import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { KerasReLU } from './keras-relu.js';

describe('KerasReLU', () => {
  it("computes Keras's ReLU with max_value, negative_slope and threshold", () => {
    const layer = new KerasReLU({ name: 'r', maxValue: 2, negativeSlope: 0.1, threshold: 0.5 });
    const y = layer.apply(tf.tensor1d([-1, 0.4, 0.5, 1.5, 3])) as tf.Tensor;
    expect([...y.dataSync()].map((value) => Number(value.toFixed(6)))).toEqual([-0.15, -0.01, 0.5, 1.5, 2]);
    y.dispose();
  });

  it('survives a TF.js model.json round trip', async () => {
    const input = tfl.input({ shape: [3] });
    const model = tfl.model({ inputs: input, outputs: new KerasReLU({ name: 'r', maxValue: undefined, negativeSlope: 0.2, threshold: 0 }).apply(input) as tfl.SymbolicTensor });
    const copy = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
    const y = copy.predict(tf.tensor2d([[-1, 0, 1]])) as tf.Tensor;
    expect([...y.dataSync()].map((value) => Number(value.toFixed(6)))).toEqual([-0.2, 0, 1]);
    tf.dispose(y);
    model.dispose();
    copy.dispose();
  });
});
