import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { validateBatchSize, validateImageSize, validateResizeMode } from './validate-image-options.js';

describe('validateImageSize', () => {
  it('accepts two positive integers or nothing', () => {
    expect(validateImageSize([224, 160])).toEqual([224, 160]);
    expect(validateImageSize(undefined)).toBeUndefined();
  });

  it.each([[[0, 10]], [[224]], [[1.5, 2]], [[224, 224, 3]], ['224'], [null], [[-1, 5]], [[Number.NaN, 4]]])(
    'rejects %j with an InvalidArgumentError naming size',
    (size) => {
      expect(() => validateImageSize(size)).toThrow(InvalidArgumentError);
      expect(() => validateImageSize(size)).toThrow(/Invalid size: must be \[height, width\].*size: \[224, 224\]/);
    },
  );
});

describe('validateResizeMode', () => {
  it("defaults to 'stretch' and accepts both modes", () => {
    expect(validateResizeMode(undefined)).toBe('stretch');
    expect(validateResizeMode('center-crop')).toBe('center-crop');
  });

  it('rejects other values', () => {
    expect(() => validateResizeMode('crop')).toThrow(/Invalid resizeMode: .* got 'crop'/);
  });
});

describe('validateBatchSize', () => {
  it('defaults to 32', () => {
    expect(validateBatchSize(undefined)).toBe(32);
    expect(validateBatchSize(5)).toBe(5);
  });

  it.each([0, -2, 2.5, '8'])('rejects %j', (batchSize) => {
    expect(() => validateBatchSize(batchSize)).toThrow(InvalidArgumentError);
  });
});
