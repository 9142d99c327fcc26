import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from './build-mobilenet-v2.js';

const shared = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const listingPath = resolve(shared, 'keras-mobilenetv2-summary.txt');

interface ListedLayer {
  readonly name: string;
  readonly type: string;
  readonly outputShape: string;
  readonly params: number;
}

/** The rows of Keras's own summary of MobileNetV2(alpha=1.0, 224, include_top=True). */
function readListing(): { layers: ListedLayer[]; total: number; trainable: number } {
  const text = readFileSync(listingPath, 'utf8');
  const layers: ListedLayer[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*\d+\s+(\S+)\s+\((\w+)\)\s+(\([^)]*\))\s+(\d+)/.exec(line);
    if (match) layers.push({ name: match[1] ?? '', type: match[2] ?? '', outputShape: match[3] ?? '', params: Number(match[4]) });
  }
  const number = (label: string) => Number((new RegExp(`^${label}: ([\\d,]+)`, 'm').exec(text)?.[1] ?? '').replace(/,/g, ''));
  return { layers, total: number('Total params'), trainable: number('Trainable params') };
}

function describeLayers(model: LayersModel): ListedLayer[] {
  return model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: `(${(layer.outputShape as (number | null)[]).map((size) => size ?? 'None').join(', ')})`,
    params: layer.countParams(),
  }));
}

describe.skipIf(!existsSync(listingPath))(`buildMobileNetV2 against Keras's own summary${!existsSync(listingPath) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reads the reference listing', () => {
    const listing = readListing();
    expect(listing.layers).toHaveLength(156);
    expect(listing.total).toBe(3_538_984);
  });

  it('has the listing\'s layer names, types, order, output shapes and parameters, with the top', () => {
    const listing = readListing();
    const tensorsBefore = tf.memory().numTensors;
    const model = buildMobileNetV2({ alpha: 1.0, inputShape: [224, 224, 3], includeTop: true });
    try {
      expect(describeLayers(model)).toEqual(listing.layers);
      expect(model.countParams()).toBe(listing.total);
      const trainable = model.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce((p: number, s) => p * (s ?? 1), 1), 0);
      expect(trainable).toBe(listing.trainable);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors, 'tensors left once the model is disposed').toBe(tensorsBefore);
  });

  it('is the listing up to out_relu without the top', () => {
    const listing = readListing();
    const tensorsBefore = tf.memory().numTensors;
    const model = buildMobileNetV2({ includeTop: false });
    try {
      expect(describeLayers(model)).toEqual(listing.layers.slice(0, 154));
      expect(model.layers.at(-1)?.name).toBe('out_relu');
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors, 'tensors left once the model is disposed').toBe(tensorsBefore);
  });
});
