import '@tensorflow/tfjs-backend-cpu';
import { ImageDecodeError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';

/** Encodes raw interleaved pixels with sharp. */
const raw = (pixels: readonly number[], width: number, height: number, channels: 1 | 2 | 3 | 4) =>
  sharp(Uint8Array.from(pixels), { raw: { width, height, channels } });

// A 2 x 2 image: red, green / blue, grey.
const quad = [255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 100, 100];
const quadPixels = [
  [
    [255, 0, 0],
    [0, 255, 0],
  ],
  [
    [0, 0, 255],
    [100, 100, 100],
  ],
];

async function decodedValues(bytes: Uint8Array, source?: string): Promise<{ shape: number[]; dtype: string; values: number[][][] }> {
  const image = await decodeImage(bytes, source === undefined ? {} : { source });
  const result = { shape: image.shape, dtype: image.dtype, values: (await image.array()) as number[][][] };
  image.dispose();
  return result;
}

async function decodeFailure(bytes: Uint8Array, source?: string): Promise<ImageDecodeError> {
  try {
    (await decodeImage(bytes, source === undefined ? {} : { source })).dispose();
  } catch (error) {
    if (error instanceof ImageDecodeError) return error;
    throw error;
  }
  throw new Error('expected an ImageDecodeError');
}

/** The largest difference between two nested arrays of numbers of the same shape. */
function maxDifference(a: number[][][], b: number[][][]): number {
  return Math.max(...a.flat(2).map((value, i) => Math.abs(value - b.flat(2)[i]!)));
}

describe('decodeImage', () => {
  let tensorsBefore: number;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('decodes PNG to an int32 [h, w, 3] tensor with exact values, returning one new tensor', async () => {
    const png = await raw(quad, 2, 2, 3).png().toBuffer();
    const image = await decodeImage(png);
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
    expect(image.shape).toEqual([2, 2, 3]);
    expect(image.dtype).toBe('int32');
    expect(await image.array()).toEqual(quadPixels);
    image.dispose();
  });

  it('drops alpha without blending, from RGBA and grayscale-alpha PNG', async () => {
    const rgba = [255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 100, 100, 100, 7];
    expect((await decodedValues(await raw(rgba, 2, 2, 4).png().toBuffer())).values).toEqual(quadPixels);
    const grayAlpha = await raw([50, 0, 200, 255], 2, 1, 2).png().toBuffer();
    expect((await decodedValues(grayAlpha)).values).toEqual([
      [
        [50, 50, 50],
        [200, 200, 200],
      ],
    ]);
  });

  it('expands 8- and 16-bit grayscale to three equal channels', async () => {
    const gray = await raw([0, 100, 200, 255], 2, 2, 1).png().toBuffer();
    expect((await decodedValues(gray)).values).toEqual([
      [
        [0, 0, 0],
        [100, 100, 100],
      ],
      [
        [200, 200, 200],
        [255, 255, 255],
      ],
    ]);
    const gray16 = await sharp(new Uint16Array([0, 65535, 32768, 12345]), { raw: { width: 2, height: 2, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    expect((await sharp(gray16).metadata()).depth).toBe('ushort');
    expect((await decodedValues(gray16)).values.flat(2)).toEqual([0, 0, 0, 255, 255, 255, 128, 128, 128, 48, 48, 48]);
  });

  it('reduces 16-bit RGB PNG to 8 bits', async () => {
    const rgb16 = await sharp(new Uint16Array([65535, 32768, 0, 257, 512, 1000]), { raw: { width: 2, height: 1, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await decodedValues(rgb16)).values).toEqual([
      [
        [255, 128, 0],
        [1, 2, 3],
      ],
    ]);
  });

  it('decodes palette PNG, the first frame of an animated GIF, and lossless WebP exactly', async () => {
    const palette = await raw(quad, 2, 2, 3).png({ palette: true }).toBuffer();
    expect((await sharp(palette).metadata()).isPalette).toBe(true);
    expect((await decodedValues(palette)).values).toEqual(quadPixels);

    const frames = [...quad, ...new Array<number>(12).fill(0)];
    const gif = await sharp(Uint8Array.from(frames), { raw: { width: 2, height: 4, channels: 3, pageHeight: 2 } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const decodedGif = await decodedValues(gif);
    expect(decodedGif.shape).toEqual([2, 2, 3]);
    expect(decodedGif.values).toEqual(quadPixels);

    const webp = await raw(quad, 2, 2, 3).webp({ lossless: true }).toBuffer();
    expect((await decodedValues(webp)).values).toEqual(quadPixels);
  });

  it('decodes baseline and progressive JPEG to nearly the original colours', async () => {
    // 16 x 16 blocks of one colour each survive JPEG compression closely.
    const blocks = (r: number, g: number, b: number): number[] => new Array<number[]>(16 * 16).fill([r, g, b]).flat();
    const original = await raw(blocks(200, 30, 60), 16, 16, 3);
    for (const progressive of [false, true]) {
      const jpeg = await original.clone().jpeg({ quality: 95, progressive }).toBuffer();
      const { shape, values } = await decodedValues(jpeg);
      expect(shape).toEqual([16, 16, 3]);
      const expected = new Array(16).fill(new Array(16).fill([200, 30, 60])) as number[][][];
      expect(maxDifference(values, expected)).toBeLessThanOrEqual(4);
    }
  });

  it('applies EXIF orientation (6: rotate 90 degrees clockwise)', async () => {
    // 8 wide x 4 high: left half red, right half blue. Shown upright, it is 4 x 8 with red on top.
    const pixels: number[] = [];
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) pixels.push(...(x < 4 ? [255, 0, 0] : [0, 0, 255]));
    const jpeg = await raw(pixels, 8, 4, 3).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const { shape, values } = await decodedValues(jpeg);
    expect(shape).toEqual([8, 4, 3]);
    // Rows next to the red-blue edge blur under JPEG; the outer three rows on each side do not.
    const red = new Array(4).fill([255, 0, 0]) as number[][];
    const blue = new Array(4).fill([0, 0, 255]) as number[][];
    expect(maxDifference(values.slice(0, 3), [red, red, red])).toBeLessThanOrEqual(12);
    expect(maxDifference(values.slice(5), [blue, blue, blue])).toBeLessThanOrEqual(12);
  });

  it('decodes BMP with its own decoder to known values', async () => {
    // 24-bit, 2 x 2, bottom-up: stored rows are (blue, grey) then (red, green), BGR, padded to 8 bytes.
    const header = new Uint8Array(54);
    const view = new DataView(header.buffer);
    header.set([0x42, 0x4d]);
    view.setUint32(2, 54 + 16, true);
    view.setUint32(10, 54, true);
    view.setUint32(14, 40, true);
    view.setInt32(18, 2, true);
    view.setInt32(22, 2, true);
    view.setUint16(26, 1, true);
    view.setUint16(28, 24, true);
    const rows = [255, 0, 0, 100, 100, 100, 0, 0, 0, 0, 255, 0, 255, 0, 0, 0];
    const bmp = Uint8Array.from([...header, ...rows]);
    expect((await decodedValues(bmp)).values).toEqual(quadPixels);
  });

  it('decodes a 6000 x 4000 photo-sized image', async () => {
    const jpeg = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: { r: 10, g: 120, b: 240 } } })
      .jpeg()
      .toBuffer();
    const image = await decodeImage(jpeg, { source: 'large.jpg' });
    expect(image.shape).toEqual([4000, 6000, 3]);
    const corner = tf.slice(image, [3999, 5999, 0], [1, 1, 3]);
    const [r, g, b] = corner.dataSync();
    expect(Math.abs(r! - 10)).toBeLessThanOrEqual(3);
    expect(Math.abs(g! - 120)).toBeLessThanOrEqual(3);
    expect(Math.abs(b! - 240)).toBeLessThanOrEqual(3);
    corner.dispose();
    image.dispose();
  });

  it('fails with ImageDecodeError naming the source for empty bytes', async () => {
    const error = await decodeFailure(new Uint8Array(0), 'photos/empty.jpg');
    expect(error.source).toBe('photos/empty.jpg');
    expect(error.reason).toBe('the data is empty (0 bytes)');
    expect(error.message).toContain('photos/empty.jpg');
  });

  it('says that text named .jpg is text', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html>\n<html><body>Not found</body></html>');
    const error = await decodeFailure(html, 'https://example.com/cat.jpg');
    expect(error.source).toBe('https://example.com/cat.jpg');
    expect(error.reason).toBe(
      'its format is not supported: it looks like text, such as an error page, starting "<!DOCTYPE html> <html><body>Not found</b…"',
    );
  });

  it('fails for truncated JPEG and PNG, corrupt data and unknown formats', async () => {
    const noisy = await sharp({
      create: { width: 64, height: 64, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    });
    const jpeg = await noisy.clone().jpeg().toBuffer();
    const truncatedJpeg = await decodeFailure(jpeg.subarray(0, jpeg.length >> 1), 'cut.jpg');
    expect(truncatedJpeg.reason).toMatch(/^the JPEG data is truncated \(the decoder said: .+\)$/);
    expect(truncatedJpeg.message).toContain('cut.jpg');

    const png = await noisy.clone().png().toBuffer();
    expect((await decodeFailure(png.subarray(0, png.length >> 1), 'cut.png')).reason).toMatch(
      /^the PNG data is (truncated|corrupt or incomplete) \(the decoder said: .+\)$/,
    );

    const corrupt = Uint8Array.from(png);
    corrupt.fill(0x55, 40, 400);
    expect((await decodeFailure(corrupt, 'bad.png')).reason).toMatch(
      /^the PNG data is ((truncated|corrupt or incomplete) \(the decoder said: .+\)|corrupt: the checksum of its \w{4} chunk is wrong)$/,
    );

    const unknown = await decodeFailure(Uint8Array.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 0]));
    expect(unknown.reason).toBe('its format is not supported: its first bytes are 00 01 02 fa fb fc fd fe');
    expect(unknown.source).toBe('the given 10 bytes');
    const tiff = await noisy.clone().tiff().toBuffer();
    expect((await decodeFailure(tiff)).reason).toBe('its format is not supported: it is a TIFF image');
  });
});
