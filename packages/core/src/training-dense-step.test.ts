import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseClassifier } from './dense-classifier.js';
import { planDenseStack } from './training-dense-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function sequential(layers: tfl.layers.Layer[]): tfl.Sequential {
  return tfl.sequential({ layers });
}

describe('planDenseStack', () => {
  it('plans the course network, with each weight in its trainable slot', () => {
    const model = denseClassifier({ seed: 1 });
    const plan = planDenseStack(model, 'sparseCategoricalCrossentropy', model.trainableWeights);
    expect(plan?.head).toEqual({ loss: 'sparseCategoricalCrossentropy', activation: 'softmax' });
    expect(plan?.layers.map((l) => [l.activation, l.kernelSlot, l.biasSlot])).toEqual([
      ['relu', 0, 1],
      ['softmax', 2, 3],
    ]);
    model.dispose();
  });

  it('marks frozen layers and declines a model with nothing to train', () => {
    const model = denseClassifier({ seed: 1 });
    model.layers[0]!.trainable = false;
    const plan = planDenseStack(model, 'sparseCategoricalCrossentropy', model.trainableWeights);
    expect(plan?.layers.map((l) => [l.kernelSlot, l.biasSlot])).toEqual([
      [-1, -1],
      [0, 1],
    ]);
    model.layers[1]!.trainable = false;
    expect(planDenseStack(model, 'sparseCategoricalCrossentropy', model.trainableWeights)).toBeUndefined();
    model.dispose();
  });

  it('declines what the hand-written step cannot train exactly', () => {
    const dense = (config: Partial<Parameters<typeof tfl.layers.dense>[0]> = {}) =>
      tfl.layers.dense({ units: 2, inputShape: [3], ...config });
    const cases: Array<[string, tfl.LayersModel, string]> = [
      [
        'a Dropout layer',
        sequential([
          dense({ activation: 'relu' }),
          tfl.layers.dropout({ rate: 0.5 }),
          tfl.layers.dense({ units: 2, activation: 'softmax' }),
        ]),
        'sparseCategoricalCrossentropy',
      ],
      [
        'a kernel regularizer',
        sequential([dense({ activation: 'softmax', kernelRegularizer: tfl.regularizers.l2() })]),
        'sparseCategoricalCrossentropy',
      ],
      ['a loss that does not match the output activation', sequential([dense({ activation: 'sigmoid' })]), 'sparseCategoricalCrossentropy'],
      ['an unsupported loss', sequential([dense({ activation: 'linear' })]), 'meanAbsoluteError'],
      [
        'an unsupported hidden activation',
        sequential([dense({ activation: 'elu' }), tfl.layers.dense({ units: 2, activation: 'softmax' })]),
        'sparseCategoricalCrossentropy',
      ],
    ];
    for (const [what, model, loss] of cases) {
      expect(planDenseStack(model, loss, model.trainableWeights), what).toBeUndefined();
      model.dispose();
    }
    const input = tfl.input({ shape: [3] });
    const functional = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2, activation: 'softmax' }).apply(input) as tfl.SymbolicTensor,
    });
    expect(planDenseStack(functional, 'sparseCategoricalCrossentropy', functional.trainableWeights)).toBeUndefined();
    functional.dispose();
  });
});
