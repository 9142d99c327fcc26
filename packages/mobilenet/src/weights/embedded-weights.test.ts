import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import { mobileNetV2Uint8Files } from '@dendrite/mobilenet-embedded';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { decodePredictions } from '../decode-predictions.js';
import { embeddedImageNetClassIndex } from '../imagenet-class-index.js';
import { MobileNetV2 } from '../mobilenet-v2.js';
import { preprocessInput } from '../preprocess-input.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The embedded model as TF.js's own loader builds it from its model.json, for comparison. */
async function loadedByTfjs(): Promise<tfl.LayersModel> {
  const files = await mobileNetV2Uint8Files();
  const manifest = JSON.parse(new TextDecoder().decode(files['model.json'])) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const [group] = manifest.weightsManifest;
  const shards = (group?.paths ?? []).map((path) => files[path] as Uint8Array);
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.length, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.length;
  }
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: manifest.modelTopology, weightSpecs: group?.weights ?? [], weightData: weightData.buffer }));
}

describe("MobileNetV2({ weights: 'imagenet-uint8' })", () => {
  it('loads the embedded weights with no platform, file or network, and predicts as TF.js loading the same files does', async () => {
    const before = tf.memory().numTensors;
    const model = await MobileNetV2({ weights: 'imagenet-uint8' });
    const reference = await loadedByTfjs();
    expect(model.countParams()).toBe(3_538_984);
    const images = tf.randomUniform([2, 224, 224, 3], 0, 255, 'float32', 7);
    const [ours, theirs] = tf.tidy(() => {
      const input = preprocessInput(images);
      return [model.predict(input) as tf.Tensor, reference.predict(input) as tf.Tensor];
    });
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(ours as tf.Tensor, theirs as tf.Tensor))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-5);
    // Not a model of zeros or constants: the two images get different scores.
    const rows = (await (ours as tf.Tensor).array()) as number[][];
    expect(rows[0]).not.toEqual(rows[1]);
    tf.dispose([images, ours as tf.Tensor, theirs as tf.Tensor]);
    model.dispose();
    reference.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads without the top for transfer learning (the classifier weights go unused)', async () => {
    const model = await MobileNetV2({ weights: 'imagenet-uint8', includeTop: false, pooling: 'avg' });
    expect(model.outputs[0]?.shape).toEqual([null, 1280]);
    const kernel = model.getLayer('Conv1').getWeights()[0] as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(kernel)).dataSync()[0])).toBeGreaterThan(0.1);
    model.dispose();
  });

  it('refuses sizes the embedded weights were not made for, saying what to use', async () => {
    await expect(MobileNetV2({ weights: 'imagenet-uint8', alpha: 0.35 })).rejects.toThrow(InvalidArgumentError);
    await expect(MobileNetV2({ weights: 'imagenet-uint8', inputShape: [160, 160, 3] })).rejects.toThrow(/224, 224, 3/);
  });
});

describe('decodePredictions and classify with no class index', () => {
  it("use Keras's class index, embedded", async () => {
    const scores = Array.from({ length: 1000 }, (_, index) => (index === 155 ? 0.9 : index === 285 ? 0.05 : 0));
    const [[first, second]] = decodePredictions([scores], { top: 2 }) as [[unknown, unknown]];
    expect(first).toEqual({ classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu', score: 0.9 });
    expect(second).toMatchObject({ classIndex: 285, className: 'Egyptian_cat' });
    expect(decodePredictions([scores])[0]).toHaveLength(5);
    expect(embeddedImageNetClassIndex()).toBe(embeddedImageNetClassIndex());

    const model = tfl.sequential({ layers: [tfl.layers.globalAveragePooling2d({ inputShape: [4, 4, 3] }), tfl.layers.dense({ units: 1000, activation: 'softmax' })] });
    const images = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    const [classes] = await classify(model, images);
    expect(classes?.[0]?.className).toBe(embeddedImageNetClassIndex()[classes?.[0]?.classIndex ?? -1]?.className);
    images.dispose();
    model.dispose();
  });
});
