import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@dendrite/core';
import { expectNoLeakedTensors } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomBrightness } from './random-brightness.js';
import { RandomContrast } from './random-contrast.js';
import { RandomFlip } from './random-flip.js';
import type { RandomImageLayer } from './random-image-layer.js';
import { RandomRotation } from './random-rotation.js';
import { RandomTranslation } from './random-translation.js';
import { RandomZoom } from './random-zoom.js';
import { registerAugmentationLayers } from './register-augmentation-layers.js';

interface KerasCase {
  class_name: string;
  config: Record<string, unknown>;
  input_scale: number;
  output: number[];
}
interface Fixture {
  image: { shape: [number, number, number, number]; values: number[] };
  cases: Record<string, KerasCase>;
  configs: Record<string, Record<string, unknown>>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/augmentation.json', import.meta.url), 'utf8')) as Fixture;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Builds our layer from the Keras config the fixture holds, through the class TensorFlow.js's deserializer finds by name. */
function fromKeras(kerasCase: KerasCase): RandomImageLayer {
  registerAugmentationLayers();
  const camel = Object.fromEntries(
    Object.entries(kerasCase.config).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]),
  );
  const [found] = tf.serialization.SerializationMap.getMap().classNameMap[kerasCase.class_name] ?? [];
  const layerClass = found as unknown as new (args: Record<string, unknown>) => RandomImageLayer;
  return new layerClass(camel);
}

function image(scale = 1): tf.Tensor4D {
  return tf.mul(tf.tensor4d(fixture.image.values, fixture.image.shape), scale);
}

function maxDifference(a: tf.Tensor, b: readonly number[]): number {
  const values = a.dataSync();
  return Math.max(...b.map((v, i) => Math.abs(v - (values[i] as number))));
}

const every = (seed?: number): RandomImageLayer[] => [
  new RandomFlip({ seed }),
  new RandomRotation({ factor: 0.2, seed }),
  new RandomZoom({ heightFactor: 0.2, widthFactor: [-0.1, 0.3], seed }),
  new RandomTranslation({ heightFactor: 0.1, widthFactor: 0.2, seed }),
  new RandomContrast({ factor: [0.3, 0.3], seed }),
  new RandomBrightness({ factor: 0.2, seed }),
];

describe('augmentation layers', () => {
  it.each(Object.keys(fixture.cases))('%s matches real Keras on a known image', (name) => {
    const kerasCase = fixture.cases[name] as KerasCase;
    const layer = fromKeras(kerasCase);
    tf.tidy(() => {
      const out = layer.apply(image(kerasCase.input_scale), { training: true }) as tf.Tensor;
      expect(maxDifference(out, kerasCase.output)).toBeLessThan(1e-3 * Math.max(1, 255 * kerasCase.input_scale));
    });
  });

  it('RandomRotation with factor (0.25, 0.25) turns a 4x4 image a quarter turn counter-clockwise', () => {
    tf.tidy(() => {
      const x = tf.reshape(tf.range(0, 16), [1, 4, 4, 1]);
      const out = new RandomRotation({ factor: [0.25, 0.25], interpolation: 'nearest' }).apply(x, { training: true }) as tf.Tensor;
      // Keras's matrix maps output (x, y) to input (x cos - y sin + ..., ...): the top row becomes the left column, read upwards.
      expect(Array.from(out.dataSync())).toEqual([3, 7, 11, 15, 2, 6, 10, 14, 1, 5, 9, 13, 0, 4, 8, 12]);
    });
  });

  it.each([
    ['RandomRotation', () => new RandomRotation({ factor: 0.2, seed: 4 })],
    ['RandomZoom', () => new RandomZoom({ heightFactor: 0.3, seed: 4 })],
    ['RandomTranslation', () => new RandomTranslation({ heightFactor: 0.2, widthFactor: 0.2, seed: 4 })],
  ] as const)('%s transforms every image of a batch, not only the first', (_, make) => {
    const batch = tf.tidy(() => tf.add(tf.randomUniform([3, 8, 8, 3], 0, 255, 'float32', 9), 1)) as tf.Tensor4D;
    const transformed = make().apply(batch, { training: true }) as tf.Tensor4D;
    // Each image must keep most of its pixels' mass: the fill value (0) alone would sum to 0.
    const sums = tf.tidy(() => tf.sum(transformed, [1, 2, 3]).arraySync() as number[]);
    const originals = tf.tidy(() => tf.sum(batch, [1, 2, 3]).arraySync() as number[]);
    for (const [i, sum] of sums.entries()) expect(sum).toBeGreaterThan(0.3 * (originals[i] as number));
    tf.dispose([batch, transformed]);
  });

  it('RandomContrast scales each image about its per-channel mean and clips to valueRange', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([10, 20, 30, 250], [1, 2, 2, 1]);
      const out = new RandomContrast({ factor: [0.5, 0.5], seed: 2 }).apply(x, { training: true }) as tf.Tensor;
      const values = Array.from(out.dataSync());
      const mean = 77.5;
      // One factor c in [0.5, 1.5] for the image: recover it from the first pixel and check the rest.
      const c = (values[2]! - mean) / (30 - mean);
      expect(c).toBeGreaterThanOrEqual(0.5);
      expect(c).toBeLessThanOrEqual(1.5);
      [10, 20, 30, 250].forEach((v, i) => {
        expect(values[i]).toBeCloseTo(Math.min(255, Math.max(0, (v - mean) * c + mean)), 3);
      });
    });
  });

  it('RandomFlip flips each image of a batch or leaves it, with both outcomes in a seeded batch', () => {
    tf.tidy(() => {
      const x = tf.tile(tf.reshape(tf.range(0, 6), [1, 2, 3, 1]), [16, 1, 1, 1]);
      const out = (new RandomFlip({ mode: 'horizontal', seed: 4 }).apply(x, { training: true }) as tf.Tensor).arraySync() as number[][][][];
      const rows = out.map((sample) => sample.map((row) => row.map((p) => p[0])));
      const kept = rows.filter(
        (r) =>
          JSON.stringify(r) ===
          JSON.stringify([
            [0, 1, 2],
            [3, 4, 5],
          ]),
      ).length;
      const flipped = rows.filter(
        (r) =>
          JSON.stringify(r) ===
          JSON.stringify([
            [2, 1, 0],
            [5, 4, 3],
          ]),
      ).length;
      expect(kept + flipped).toBe(16);
      expect(kept).toBeGreaterThan(0);
      expect(flipped).toBeGreaterThan(0);
    });
  });

  it('returns its input untouched, bit for bit, outside training', () => {
    const x = tf.randomUniform([2, 8, 8, 3], 0, 255, 'float32', 1);
    for (const layer of every(1)) {
      const out = layer.apply(x, { training: false }) as tf.Tensor;
      expect(out.dataSync()).toEqual(x.dataSync());
      const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [8, 8, 3] }), layer] });
      const predicted = model.predict(x) as tf.Tensor;
      expect(Buffer.from(predicted.dataSync().buffer).equals(Buffer.from(x.dataSync().buffer))).toBe(true);
      predicted.dispose();
    }
    x.dispose();
  });

  it('draws the same transforms from the same seed, and others from another seed', () => {
    const x = tf.randomUniform([4, 8, 8, 3], 0, 255, 'float32', 2);
    const run = (seed: number): Float32Array[] =>
      every(seed).map((layer) =>
        tf.tidy(() => {
          const first = (layer.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array;
          const second = (layer.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array;
          return new Float32Array([...first, ...second]);
        }),
      );
    const [a, b, c] = [run(7), run(7), run(8)];
    a.forEach((values, i) => {
      expect(values).toEqual(b[i]);
      expect(values).not.toEqual(c[i]);
      // It changed the images at all.
      expect(values.subarray(0, x.size)).not.toEqual(x.dataSync());
    });
    x.dispose();
  });

  it('keeps Keras config keys, and a model holding every layer saves and loads through TensorFlow.js', async () => {
    const layers = every(5);
    const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [8, 8, 3] }), ...layers] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const topology = JSON.stringify(saved?.modelTopology);
    for (const key of [
      '"fill_mode":"reflect"',
      '"height_factor":0.2',
      '"width_factor":[-0.1,0.3]',
      '"value_range":[0,255]',
      '"mode":"horizontal_and_vertical"',
      '"seed":5',
      '"factor":[-0.2,0.2]',
    ]) {
      expect(topology).toContain(key);
    }
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    expect(loaded.layers.slice(-6).map((layer) => layer.getClassName())).toEqual(layers.map((layer) => layer.getClassName()));
    expect(loaded.layers.slice(-6).map((layer) => layer.getConfig())).toEqual(layers.map((layer) => layer.getConfig()));
  });

  it('reads factors as Keras stores them', () => {
    expect(new RandomRotation({ factor: 0.2 }).factor).toEqual(fixture.configs['RandomRotation(0.2)']?.['factor']);
    expect(new RandomContrast({ factor: 0.2 }).factor).toEqual(fixture.configs['RandomContrast(0.2)']?.['factor']);
    expect(new RandomBrightness({ factor: 0.2 }).factor).toEqual(fixture.configs['RandomBrightness(0.2)']?.['factor']);
    expect(() => new RandomRotation({ factor: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new RandomZoom({ heightFactor: -1 })).toThrow(InvalidArgumentError);
    expect(() => new RandomContrast({ factor: -0.1 })).toThrow(InvalidArgumentError);
    expect(() => new RandomFlip({ mode: 'diagonal' as never })).toThrow(InvalidArgumentError);
  });

  it('leaves no tensors behind while training', async () => {
    const x = tf.randomUniform([3, 8, 8, 3], 0, 255, 'float32', 3);
    for (const layer of every(2)) {
      await expectNoLeakedTensors(() => layer.apply(x, { training: true }) as tf.Tensor, { returns: 1, label: layer.getClassName() });
    }
    x.dispose();
  });
});
