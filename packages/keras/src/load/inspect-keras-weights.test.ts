import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectKerasWeights } from './inspect-keras-weights.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));

describe('inspectKerasWeights', () => {
  it.each([
    ['mobilenet-v2-0.35.keras', 'keras'],
    ['mobilenet-v2-0.35.weights.h5', 'keras3-weights'],
  ])('reads the MobileNetV2 0.35 layer shapes of %s (%s) by layer name', (file, format) => {
    const info = inspectKerasWeights(fixture(file), { name: file });
    expect(info.format).toBe(format);
    const shapes = new Map(info.layers.map((layer) => [layer.name, layer.shapes]));
    expect(shapes.get('block_16_project')?.[0]).toEqual([1, 1, 336, 112]);
    expect(shapes.get('predictions')).toEqual([[1280, 10], [10]]);
    expect(shapes.get('bn_Conv1')).toHaveLength(4);
  });

  it('reads a Keras 3 legacy .h5 by layer name, nested models opened', () => {
    const info = inspectKerasWeights(fixture('nested.h5'), { name: 'nested.h5' });
    expect(info.format).toBe('h5-model');
    expect(info.layers.map((layer) => layer.name)).toEqual(['conv', 'conv_bn', 'dw', 'dw_bn', 'dense_4', 'dense_5']);
  });
});
