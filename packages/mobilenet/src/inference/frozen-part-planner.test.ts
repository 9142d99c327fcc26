import '@tensorflow/tfjs-backend-cpu';
import { fit, unfreeze } from '@dendrite/core';
import { planFrozenPrefix } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { transferModel } from '../transfer/transfer-model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const smallTransferModel = () =>
  transferModel(buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: true, classes: 10 }), {
    classNames: ['a', 'b'],
    seed: 1,
  });

describe('the frozen-part planner of MobileNetV2 models', () => {
  it('runs a frozen base that ends in one tensor through the inference rewrite', () => {
    const model = smallTransferModel();
    const prefix = planFrozenPrefix(model);
    expect(prefix?.boundary).toHaveLength(1);
    expect(prefix?.planned).toBe(true);
    prefix?.dispose();
    model.dispose();
  });

  it('leaves a frozen part that ends in two tensors (fine-tuning from layer 100 cuts a residual block) to the layers, and fit trains', async () => {
    const model = smallTransferModel();
    unfreeze(model, { from: 100 });
    const prefix = planFrozenPrefix(model);
    expect(prefix?.boundary).toHaveLength(2);
    expect(prefix?.planned).toBe(false);
    prefix?.dispose();

    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'sparseCategoricalCrossentropy' });
    const before = tf.memory().numTensors;
    const x = tf.randomUniform([4, 32, 32, 3], -1, 1, 'float32', 7);
    const y = tf.tensor1d([0, 1, 1, 0]);
    const history = await fit(model, x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    expect(Number.isFinite(history.history['loss']?.[0])).toBe(true);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
