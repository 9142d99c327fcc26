import { ImageDecodeError } from '@dendrite/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, maxImagePixels } from './decode-image.js';

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real 1 x 1 PNG whose header then claims `width` x `height`: cheap to make, and only the header is read before the limit applies. */
async function pngClaiming(width: number, height: number): Promise<Uint8Array> {
  const png = new Uint8Array(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toBuffer());
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // Signature (8), IHDR length (4), 'IHDR' (4), width (4), height (4), ..., CRC over type + data at 29.
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

describe('decodeImage pixel limit', () => {
  it('is 2^27 pixels', () => {
    expect(maxImagePixels).toBe(2 ** 27);
  });

  it('refuses a PNG of one pixel more than the limit, saying so, before decoding it', async () => {
    const bytes = await pngClaiming(16_384, 8_193);
    const decoding = decodeImage(bytes, { source: 'huge.png' });
    await expect(decoding).rejects.toThrow(ImageDecodeError);
    await expect(decoding).rejects.toThrow(/huge\.png.*more than the 134217728 pixels Dendrite decodes; make the image smaller first/);
  });

  it('lets an image of exactly the limit past the check (this one then fails as the truncated file it is)', async () => {
    const bytes = await pngClaiming(16_384, 8_192);
    const decoding = decodeImage(bytes, { source: 'at-limit.png' });
    await expect(decoding).rejects.toThrow(ImageDecodeError);
    await expect(decoding).rejects.not.toThrow(/more than the 134217728 pixels/);
  });
});
