import { ImageDecodeError } from '@dendrite/core';
import { ImageTooLargeError } from '@dendrite/core/internal';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImagePixels, maxDecodedImageBytes, maxImagePixels } from './decode-image.js';
import { buildBmp } from './testing/build-bmp.js';

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
  const png = new Uint8Array(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .toBuffer(),
  );
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // Signature (8), IHDR length (4), 'IHDR' (4), width (4), height (4), ..., CRC over type + data at 29.
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

async function tooLarge(decoding: Promise<unknown>): Promise<ImageTooLargeError> {
  try {
    await decoding;
  } catch (error) {
    if (error instanceof ImageTooLargeError) return error;
    throw error;
  }
  throw new Error('expected an ImageTooLargeError');
}

describe('decoded image memory limit', () => {
  it('is 384 MiB: 2^27 pixels of 8-bit RGB, 2^25 pixels as an int32 tensor', () => {
    expect(maxDecodedImageBytes).toBe(384 * 2 ** 20);
    expect(maxImagePixels).toBe(2 ** 27);
  });

  it('refuses an int32 tensor of one pixel over 2^25 from the header, saying to load it with a target size', async () => {
    const error = await tooLarge(decodeImage(await pngClaiming(8_192, 4_097), { source: 'big.png' }));
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect([error.width, error.height, error.bytes, error.limitBytes]).toEqual([8_192, 4_097, 8_192 * 4_097 * 12, 384 * 2 ** 20]);
    expect(error.source).toBe('big.png');
    expect(error.message).toBe(
      'Cannot read big.png as an image: it is 8192 x 4097 pixels, which would take 385 MiB decoded, more than the 384 MiB allowed. ' +
        'That is the int32 tensor decodeImage returns; loadImage with a size (as classify uses) keeps 8-bit pixels until the ' +
        'resize and reads images up to four times larger. Or make the image smaller first.',
    );
  });

  it('lets an int32 tensor of exactly 2^25 pixels past the check (this file then fails as the truncated file it is)', async () => {
    const decoding = decodeImage(await pngClaiming(8_192, 4_096), { source: 'at-limit.png' });
    await expect(decoding).rejects.toThrow(ImageDecodeError);
    await expect(decoding).rejects.not.toThrow(ImageTooLargeError);
  });

  it('lets decodeImagePixels take 2^27 pixels of 8-bit RGB and refuses one more', async () => {
    const over = await tooLarge(decodeImagePixels(await pngClaiming(16_384, 8_193), { source: 'huge.png' }));
    expect([over.bytes, over.limitBytes]).toEqual([16_384 * 8_193 * 3, 384 * 2 ** 20]);
    expect(over.message).toContain('Make the image smaller first (fewer than 134 megapixels).');
    const atLimit = decodeImagePixels(await pngClaiming(16_384, 8_192), { source: 'at-limit.png' });
    await expect(atLimit).rejects.toThrow(ImageDecodeError);
    await expect(atLimit).rejects.not.toThrow(ImageTooLargeError);
  });

  it('reads the size of a BMP from its header, and of the 11000 x 11000 PNG the decodeImage path refuses', async () => {
    const bmp = await tooLarge(
      decodeImage(buildBmp({ width: 11_585, height: 11_585, bitsPerPixel: 24, topDown: true, data: [] }), { source: 'bomb.bmp' }),
    );
    expect([bmp.width, bmp.height]).toEqual([11_585, 11_585]);
    const png = await tooLarge(decodeImage(await pngClaiming(11_000, 11_000), { source: 'scan.png' }));
    expect([png.width, png.height]).toEqual([11_000, 11_000]);
  });
});
