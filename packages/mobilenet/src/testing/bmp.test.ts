import { describe, expect, it } from 'vitest';
import { decodeBmp24, encodeBmp24 } from './bmp.js';

describe('decodeBmp24 (test support)', () => {
  it('reads bottom-up BGR rows with padding back into top-down RGB', () => {
    const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    const image = decodeBmp24(encodeBmp24(3, 2, rgb));
    expect(image.width).toBe(3);
    expect(image.height).toBe(2);
    expect(Array.from(image.rgb)).toEqual(rgb);
  });

  it('refuses what it cannot read', () => {
    expect(() => decodeBmp24(new Uint8Array(60))).toThrow(/signature/);
    const truncated = encodeBmp24(4, 4, []).slice(0, 60);
    expect(() => decodeBmp24(truncated)).toThrow(/truncated/);
  });
});
