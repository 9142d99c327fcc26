import { describe, expect, it } from 'vitest';
import { centerCropBox } from './center-crop-box.js';

describe('centerCropBox', () => {
  it('takes the middle square of a wide image', () => {
    expect(centerCropBox(50, 100, 32, 32)).toEqual({ top: 0, left: 25, height: 50, width: 50 });
  });

  it('takes the middle square of a tall image', () => {
    expect(centerCropBox(100, 40, 224, 224)).toEqual({ top: 30, left: 0, height: 40, width: 40 });
  });

  it('matches a non-square target aspect', () => {
    expect(centerCropBox(100, 40, 20, 40)).toEqual({ top: 40, left: 0, height: 20, width: 40 });
    expect(centerCropBox(30, 100, 10, 20)).toEqual({ top: 0, left: 20, height: 30, width: 60 });
  });

  it('keeps the whole image when the aspect already matches', () => {
    expect(centerCropBox(480, 640, 240, 320)).toEqual({ top: 0, left: 0, height: 480, width: 640 });
  });

  it('puts an odd leftover pixel at the bottom or right', () => {
    expect(centerCropBox(10, 15, 1, 1)).toEqual({ top: 0, left: 2, height: 10, width: 10 });
  });
});
