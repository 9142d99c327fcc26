// Test support only: rebuilds the Keras transfer model of fixtures/make-grad-cam-fixture.py from the
// shared ImageNet base and the committed head, and compares heatmaps.
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { MobileNetV2 } from '../mobilenet-v2.js';

const fixtures = new URL('../explain/fixtures/', import.meta.url);

interface HeadFixture {
  readonly classNames: string[];
  readonly base: string;
  readonly 'transfer_head/kernel': { shape: [number, number]; values: number[] };
  readonly 'transfer_head/bias': { shape: [number]; values: number[] };
}

/** What Keras computed: the model's softmax output and each class's heatmap for the photo. */
export interface KerasGradCam {
  readonly photo: string;
  readonly layer: string;
  readonly probabilities: number[];
  readonly heatmaps: Record<string, number[][]>;
}

/** The model as Keras built it: MobileNetV2 nested as one layer, pooling, a Dense softmax head. */
export async function kerasTransferModel(weights: string): Promise<{ model: tfl.LayersModel; classNames: string[] }> {
  const head = JSON.parse(await readFile(new URL('grad-cam-head.json', fixtures), 'utf8')) as HeadFixture;
  const base = await MobileNetV2({ includeTop: false, weights });
  const input = tfl.input({ shape: [224, 224, 3], name: 'image' });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(base.apply(input)) as tfl.SymbolicTensor;
  const dense = tfl.layers.dense({ units: head.classNames.length, activation: 'softmax', name: 'transfer_head' });
  const model = tfl.model({ inputs: input, outputs: dense.apply(pooled) as tfl.SymbolicTensor, name: 'cats_transfer' });
  const kernel = head['transfer_head/kernel'];
  const bias = head['transfer_head/bias'];
  tf.tidy(() => dense.setWeights([tf.tensor2d(kernel.values, kernel.shape), tf.tensor1d(bias.values)]));
  return { model, classNames: head.classNames };
}

export async function kerasGradCam(): Promise<KerasGradCam> {
  return JSON.parse(await readFile(new URL('grad-cam-keras.json', fixtures), 'utf8')) as KerasGradCam;
}

export const kerasPhotoUrl = new URL('grad-cam-photo.png', fixtures);

/** Pearson's correlation of two equally long lists. */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    const y = (b[i] as number) - mb;
    ab += (x - ma) * y;
    aa += (x - ma) ** 2;
    bb += y ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}
