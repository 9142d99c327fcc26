import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gifFirstFramePixels } from './gif-frame-pixels.js';

/** A 16 x 8 GIF of a gradient, made by libvips. */
async function gradientGif(): Promise<Uint8Array> {
  const pixels = Buffer.alloc(16 * 8 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
  return new Uint8Array(
    await sharp(pixels, { raw: { width: 16, height: 8, channels: 3 } })
      .gif()
      .toBuffer(),
  );
}

describe('gifFirstFramePixels', () => {
  it("counts every pixel of a whole GIF's first frame", async () => {
    expect(gifFirstFramePixels(await gradientGif())).toEqual({ width: 16, height: 8, pixels: 128 });
  });

  it('counts fewer when the image data ends early, and nothing to tell for bytes that are not laid out as a GIF', async () => {
    const gif = await gradientGif();
    // Cut inside the image data, then end the sub-blocks and the file as if it were whole.
    const cut = gif.length - 12;
    const truncated = new Uint8Array([...gif.subarray(0, cut), 0, 0x3b]);
    const frame = gifFirstFramePixels(truncated);
    expect(frame?.pixels).toBeLessThan(128);
    expect(gifFirstFramePixels(new Uint8Array([0x47, 0x49, 0x46]))).toBeUndefined();
    expect(gifFirstFramePixels(new Uint8Array(20).fill(0xff))).toBeUndefined();
  });
});
