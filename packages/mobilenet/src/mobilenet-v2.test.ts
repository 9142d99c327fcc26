import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildMobileNetV2 } from './architecture/build-mobilenet-v2.js';
import { WeightsMismatchError } from './errors.js';
import { MobileNetV2 } from './mobilenet-v2.js';
import type { MobileNetV2Options } from './mobilenet-v2-options.js';
import { exportLayersModelJson, namedWeightsOf } from './testing/export-weights.js';
import { createFilePlatform, memoryFiles } from './testing/file-platform.js';
import { readKerasH5Weights } from '@dendrite/keras';

vi.mock('@dendrite/keras', async (importOriginal) => ({ ...(await importOriginal<typeof import('@dendrite/keras')>()), readKerasH5Weights: vi.fn() }));

function sameWeights(a: LayersModel, b: LayersModel): boolean {
  const left = namedWeightsOf(a);
  const right = namedWeightsOf(b);
  return Object.keys(left).every((name) => tf.tidy(() => tf.all(tf.equal(left[name]!, right[name]!)).dataSync()[0] === 1));
}

let before = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  clearPlatform();
  vi.mocked(readKerasH5Weights).mockReset();
  expect(tf.memory().numTensors).toBe(before);
});

describe('MobileNetV2', () => {
  it('builds a randomly initialised model with weights: null, needing no platform', async () => {
    const model = await MobileNetV2({ weights: null, alpha: 0.35, inputShape: [32, 32, 3] });
    expect(model.layers).toHaveLength(156);
    expect(model.countParams()).toBe(1_691_208);
    model.dispose();
  });

  it('loads a model.json by layer name', async () => {
    const reference = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: false });
    setPlatform(createFilePlatform({ readFile: memoryFiles(await exportLayersModelJson(reference, 'm/model.json')) }));
    // Another input size: the weights do not depend on it.
    const model = await MobileNetV2({ weights: 'm/model.json', alpha: 0.35, inputShape: [64, 48, 3], includeTop: false });
    expect(sameWeights(model, reference)).toBe(true);
    model.dispose();
    reference.dispose();
  });

  it('fails with WeightsMismatchError naming Conv1 when alpha differs, and frees the model', async () => {
    const reference = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: false });
    setPlatform(createFilePlatform({ readFile: memoryFiles(await exportLayersModelJson(reference, 'm/model.json')) }));
    const withReference = tf.memory().numTensors;
    const loading = MobileNetV2({ weights: 'm/model.json', alpha: 1.0, inputShape: [32, 32, 3], includeTop: false });
    await expect(loading).rejects.toThrow(WeightsMismatchError);
    await expect(loading).rejects.toMatchObject({ layer: 'Conv1', weight: 'Conv1/kernel', expectedShape: [3, 3, 3, 32], actualShape: [3, 3, 3, 16] });
    expect(tf.memory().numTensors).toBe(withReference);
    reference.dispose();
  });

  it("resolves 'imagenet' (the default) through the registry, caching the download", async () => {
    const reference = buildMobileNetV2({ alpha: 0.35, inputShape: [96, 96, 3], includeTop: false });
    const url = 'https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';
    // The reader is mocked, but the cache checks the file's HDF5 signature before keeping it.
    const h5Signature = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const platform = createFilePlatform({ readFile: memoryFiles({ [url]: h5Signature }) });
    setPlatform(platform);
    vi.mocked(readKerasH5Weights).mockImplementation(() => tf.tidy(() => {
      const copies: tf.NamedTensorMap = {};
      for (const [name, value] of Object.entries(namedWeightsOf(reference))) copies[name] = value.clone();
      return copies;
    }));
    for (let i = 0; i < 2; i++) {
      const model = await MobileNetV2({ alpha: 0.35, inputShape: [96, 96, 3], includeTop: false });
      expect(sameWeights(model, reference)).toBe(true);
      model.dispose();
    }
    expect(platform.reads).toEqual([url]);
    expect([...platform.stored.keys()]).toEqual(['mobilenet_v2/0.35_96_no_top/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5']);
    reference.dispose();
  });

  it('checks what ImageNet weights can serve before reading anything', async () => {
    const bad: Array<[MobileNetV2Options, string, RegExp]> = [
      [{ classes: 10 }, 'classes', /1000 classes/],
      [{ alpha: 0.6 }, 'weights', /no ImageNet weights .* alpha 0\.6/],
      [{ alpha: 1.3, inputShape: [160, 160, 3] }, 'weights', /1\.3 at 224/],
      [{ inputShape: [200, 200, 3] }, 'weights', /200x200/],
      [{ inputShape: [224, 192, 3] }, 'inputShape', /square/],
      [{ inputShape: [224, 224, 1] }, 'inputShape', /3 \(RGB\) channels/],
      [{ classifierActivation: 'sigmoid' }, 'classifierActivation', /softmax/],
      [{ weights: '' }, 'weights', /path or URL/],
    ];
    for (const [options, argument, message] of bad) {
      const loading = MobileNetV2(options);
      await expect(loading, JSON.stringify(options)).rejects.toThrow(InvalidArgumentError);
      await expect(loading).rejects.toMatchObject({ argument, message: expect.stringMatching(message) });
    }
  });
});
