import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { imagenetWeightSource, imagenetWeightSources, imagenetWeightsName } from './imagenet-weights.js';

describe('imagenetWeightSources', () => {
  it('lists every published alpha and size, with and without the top', () => {
    // 4 alphas at 5 sizes and 2 alphas at 224 only, each with and without the classifier.
    expect(Object.keys(imagenetWeightSources)).toHaveLength(44);
    expect(Object.isFrozen(imagenetWeightSources)).toBe(true);
  });

  it("points at Keras's files, named as Keras names them", () => {
    expect(imagenetWeightSources['1.0_224']).toEqual({
      url: 'https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5',
      format: 'keras-h5',
    });
    expect(imagenetWeightSources['0.35_96_no_top']?.url).toMatch(/kernels_0\.35_96_no_top\.h5$/);
  });
});

describe('imagenetWeightsName', () => {
  it("writes alpha as Python's str(float(alpha))", () => {
    expect(imagenetWeightsName({ alpha: 1, size: 224, includeTop: true })).toBe('1.0_224');
    expect(imagenetWeightsName({ alpha: 0.5, size: 128, includeTop: false })).toBe('0.5_128_no_top');
    expect(imagenetWeightsName({ alpha: 1.4, size: 224, includeTop: false })).toBe('1.4_224_no_top');
  });
});

describe('imagenetWeightSource', () => {
  it('finds published weights', () => {
    expect(imagenetWeightSource({ alpha: 0.35, size: 224, includeTop: false }).url).toMatch(/0\.35_224_no_top\.h5$/);
  });

  it('lists what exists when asked for what does not', () => {
    expect(() => imagenetWeightSource({ alpha: 1.3, size: 160, includeTop: true })).toThrow(InvalidArgumentError);
    expect(() => imagenetWeightSource({ alpha: 1.3, size: 160, includeTop: true })).toThrow(/alpha 1\.3 at 160x160.*1\.3 at 224/);
    expect(() => imagenetWeightSource({ alpha: 0.6, size: 224, includeTop: false })).toThrow(/no ImageNet weights/);
  });
});
