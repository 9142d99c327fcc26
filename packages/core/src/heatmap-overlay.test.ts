import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { heatmapOverlay, jetColor } from './heatmap-overlay.js';
import { expectNoLeakedTensors } from './testing/expect-no-leaks.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('jetColor', () => {
  it("follows matplotlib's jet: dark blue, blue, cyan, yellow, red, dark red", () => {
    expect(jetColor(0)).toEqual([0, 0, 0.5]);
    expect(jetColor(0.5).map((v) => Number(v.toFixed(3)))).toEqual([0.484, 1, 0.484]);
    expect(jetColor(1)).toEqual([0.5, 0, 0]);
    expect(jetColor(2)).toEqual(jetColor(1));
  });
});

describe('heatmapOverlay', () => {
  it('blends the coloured heatmap, resized to the photo, where the heat is', () => {
    const image = tf.fill([40, 60, 3], 100) as tf.Tensor3D;
    const heatmap = tf.tensor2d([[0, 0, 0], [0, 0, 1]]); // hot in the lower right corner
    const overlay = heatmapOverlay(image, heatmap);
    expect(overlay.shape).toEqual([40, 60, 3]);
    expect(overlay.dtype).toBe('int32');
    const pixels = overlay.arraySync();
    // 0.6 · 100 + 0.4 · 255 · jet: dark red at the hot corner, dark blue far from it.
    expect(pixels[39]![59]).toEqual([Math.round(60 + 0.4 * 255 * 0.5), 60, 60]);
    expect(pixels[0]![0]).toEqual([60, 60, Math.round(60 + 0.4 * 255 * 0.5)]);
    tf.dispose([image, heatmap, overlay]);
  });

  it('returns only the image it makes', async () => {
    const image = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    const heatmap = tf.ones([2, 2]) as tf.Tensor2D;
    await expectNoLeakedTensors(() => heatmapOverlay(image, heatmap, { alpha: 1 }), { returns: 1 });
    expect(() => heatmapOverlay(tf.zeros([8, 8]) as unknown as tf.Tensor3D, heatmap)).toThrow(/RGB image/);
    expect(() => heatmapOverlay(image, heatmap, { alpha: 2 })).toThrow(/alpha/);
    tf.dispose([image, heatmap]);
  });
});
