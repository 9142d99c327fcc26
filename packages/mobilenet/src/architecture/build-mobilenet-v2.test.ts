import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MobileNetV2ArchitectureOptions } from '../mobilenet-v2-options.js';
import { buildMobileNetV2 } from './build-mobilenet-v2.js';

function countTrainable(model: LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce((product: number, size) => product * (size ?? 1), 1), 0);
}

/** Builds, hands the model to `check`, and disposes it whatever happens. */
function withModel<T>(options: MobileNetV2ArchitectureOptions, check: (model: LayersModel) => T): T {
  const model = buildMobileNetV2(options);
  try {
    return check(model);
  } finally {
    model.dispose();
  }
}

let tensorsBefore = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('buildMobileNetV2', () => {
  it('has Keras parameter counts for alpha 1.0 at 224, with and without the top', () => {
    withModel({}, (model) => {
      expect(model.name).toBe('mobilenetv2_1.00_224');
      expect(model.layers).toHaveLength(156);
      expect(model.countParams()).toBe(3_538_984);
      expect(countTrainable(model)).toBe(3_504_872);
      expect(model.outputs[0]?.shape).toEqual([null, 1000]);
    });
    withModel({ includeTop: false }, (model) => {
      expect(model.layers).toHaveLength(154);
      expect(model.countParams()).toBe(2_257_984);
      expect(countTrainable(model)).toBe(2_223_872);
      expect(model.outputs[0]?.shape).toEqual([null, 7, 7, 1280]);
    });
  });

  // Computed by building. The no-top counts equal those published beside Keras's weight files, and
  // 1.4 with the top (6,156,712) equals public Keras benchmark tables.
  const counts: Array<[number, number, number, number]> = [
    // alpha, with top, without top, last conv channels
    [0.35, 1_691_208, 410_208, 1280],
    [0.5, 1_987_224, 706_224, 1280],
    [0.75, 2_663_064, 1_382_064, 1280],
    [1.3, 5_431_048, 3_766_048, 1664],
    [1.4, 6_156_712, 4_363_712, 1792],
  ];
  it.each(counts)('alpha %s has %i parameters with the top and %i without', (alpha, withTop, withoutTop, features) => {
    withModel({ alpha }, (model) => {
      expect(model.name).toBe(`mobilenetv2_${alpha.toFixed(2)}_224`);
      expect(model.countParams()).toBe(withTop);
    });
    withModel({ alpha, includeTop: false }, (model) => {
      expect(model.countParams()).toBe(withoutTop);
      expect(model.outputs[0]?.shape).toEqual([null, 7, 7, features]);
    });
  });

  it('scales the first convolution with alpha as Keras does', () => {
    withModel({ alpha: 0.35, includeTop: false }, (model) => {
      expect(model.getLayer('Conv1').outputShape).toEqual([null, 112, 112, 16]);
      expect(model.getLayer('block_16_project').outputShape).toEqual([null, 7, 7, 112]);
    });
  });

  it('pools the features when asked, without the top', () => {
    withModel({ includeTop: false, pooling: 'avg', alpha: 0.35 }, (model) => {
      expect(model.layers.at(-1)?.name).toBe('global_average_pooling2d');
      expect(model.outputs[0]?.shape).toEqual([null, 1280]);
      expect(model.countParams()).toBe(410_208);
    });
    withModel({ includeTop: false, pooling: 'max', alpha: 0.35 }, (model) => {
      expect(model.layers.at(-1)?.getClassName()).toBe('GlobalMaxPooling2D');
      expect(model.outputs[0]?.shape).toEqual([null, 1280]);
    });
  });

  it('builds other sizes, classes and activations', () => {
    withModel({ alpha: 0.35, inputShape: [96, 128, 3], classes: 10, classifierActivation: null }, (model) => {
      expect(model.name).toBe('mobilenetv2_0.35_96');
      expect(model.getLayer('out_relu').outputShape).toEqual([null, 3, 4, 1280]);
      expect(model.outputs[0]?.shape).toEqual([null, 10]);
      expect(model.getLayer('predictions').getConfig()['activation']).toBe('linear');
    });
    withModel({ alpha: 0.35, inputShape: [33, 33, 1] }, (model) => {
      expect(model.getLayer('block_1_pad').outputShape).toEqual([null, 19, 19, 48]);
      expect(model.getLayer('out_relu').outputShape).toEqual([null, 2, 2, 1280]);
    });
  });

  it("uses Keras's layer settings", () => {
    withModel({ alpha: 0.35, inputShape: [32, 32, 3] }, (model) => {
      const config = (name: string) => model.getLayer(name).getConfig();
      expect(config('Conv1')).toMatchObject({ padding: 'same', strides: [2, 2], useBias: false });
      expect(config('bn_Conv1')).toMatchObject({ epsilon: 1e-3, momentum: 0.999 });
      expect(config('Conv1_relu')).toMatchObject({ maxValue: 6 });
      expect(config('block_1_pad')).toMatchObject({
        padding: [
          [0, 1],
          [0, 1],
        ],
      });
      expect(config('block_1_depthwise')).toMatchObject({ padding: 'valid', strides: [2, 2], useBias: false });
      expect(config('block_2_depthwise')).toMatchObject({ padding: 'same', strides: [1, 1] });
      expect(config('predictions')).toMatchObject({ activation: 'softmax', units: 1000 });
    });
  });

  it('rejects options out of range, naming the option', () => {
    const bad: Array<[MobileNetV2ArchitectureOptions, string]> = [
      [{ alpha: 0 }, 'alpha'],
      [{ inputShape: [31, 224, 3] }, 'inputShape'],
      [{ inputShape: [224, 224] as unknown as [number, number, number] }, 'inputShape'],
      [{ inputShape: [224.5, 224, 3] }, 'inputShape'],
      [{ pooling: 'sum' as 'avg' }, 'pooling'],
      [{ classes: 0 }, 'classes'],
      [{ classifierActivation: 'relu' as 'softmax' }, 'classifierActivation'],
    ];
    for (const [options, argument] of bad) {
      let error: unknown;
      try {
        buildMobileNetV2(options);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});
