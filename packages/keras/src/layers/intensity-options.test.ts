import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { intensityOptions } from './intensity-options.js';
import { RandomBrightness } from './random-brightness.js';
import { RandomContrast } from './random-contrast.js';

describe('intensityOptions (RandomBrightness and RandomContrast)', () => {
  it("reads factor within the layer's bounds and valueRange with Keras's default [0, 255]", () => {
    expect(intensityOptions({ factor: 0.2 }, { factorLow: -1, sortValueRange: true })).toEqual({
      factor: [-0.2, 0.2],
      valueRange: [0, 255],
    });
    expect(intensityOptions({ factor: 0.2 }, { factorLow: 0, sortValueRange: false })).toEqual({ factor: [0, 0.2], valueRange: [0, 255] });
    expect(intensityOptions({ factor: [0.3, 0.1], valueRange: [0, 1] }, { factorLow: 0, sortValueRange: false }).factor).toEqual([
      0.1, 0.3,
    ]);
  });

  it('sorts a reversed valueRange for RandomBrightness and keeps it as given for RandomContrast', () => {
    expect(new RandomBrightness({ factor: 0.1, valueRange: [255, 0] }).valueRange).toEqual([0, 255]);
    expect(new RandomContrast({ factor: 0.1, valueRange: [255, 0] }).valueRange).toEqual([255, 0]);
  });

  it('refuses a valueRange that is not two finite numbers, and a factor out of bounds, in both layers', () => {
    for (const valueRange of [[0], [0, Number.NaN], [0, 1, 2]] as unknown as [number, number][]) {
      expect(() => new RandomBrightness({ factor: 0.1, valueRange })).toThrow(InvalidArgumentError);
      expect(() => new RandomContrast({ factor: 0.1, valueRange })).toThrow(InvalidArgumentError);
    }
    expect(() => new RandomBrightness({ factor: 1.5 })).toThrow(/factor/);
    expect(() => new RandomContrast({ factor: [-0.1, 0.2] })).toThrow(/factor/);
  });
});
