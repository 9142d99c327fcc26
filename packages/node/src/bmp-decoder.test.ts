import { ImageDecodeError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { decodeBmp, isBmp } from './bmp-decoder.js';
import { buildBmp } from './testing/build-bmp.js';

const rgb = (data: Uint8Array): number[][] => {
  const pixels: number[][] = [];
  for (let i = 0; i < data.length; i += 3) pixels.push([data[i]!, data[i + 1]!, data[i + 2]!]);
  return pixels;
};

function decodeError(bytes: Uint8Array): ImageDecodeError {
  try {
    decodeBmp(bytes, { source: 'test.bmp' });
  } catch (error) {
    if (error instanceof ImageDecodeError) return error;
    throw error;
  }
  throw new Error('expected an ImageDecodeError');
}

describe('decodeBmp', () => {
  // 3 x 2, so rows of 9 bytes are padded to 12: top row red, green, blue; bottom row white, black, grey.
  const rows24 = [
    [0, 0, 255, 0, 255, 0, 255, 0, 0],
    [255, 255, 255, 0, 0, 0, 128, 128, 128],
  ];
  const expected = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [255, 255, 255],
    [0, 0, 0],
    [128, 128, 128],
  ];

  it('decodes 24-bit bottom-up rows with padding to known pixel values', () => {
    const decoded = decodeBmp(buildBmp({ width: 3, height: 2, bitsPerPixel: 24, rows: rows24 }));
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
    expect(rgb(decoded.data)).toEqual(expected);
  });

  it('decodes 24-bit top-down rows and V4, V5 and core headers alike', () => {
    for (const spec of [
      { topDown: true },
      { headerSize: 108 as const },
      { headerSize: 124 as const, topDown: true },
      { headerSize: 12 as const },
    ]) {
      const decoded = decodeBmp(buildBmp({ width: 3, height: 2, bitsPerPixel: 24, rows: rows24, ...spec }));
      expect(rgb(decoded.data)).toEqual(expected);
    }
  });

  it('decodes 32-bit BGRX and drops the fourth byte', () => {
    const rows = [
      [0, 0, 255, 7, 0, 255, 0, 7, 255, 0, 0, 7],
      [255, 255, 255, 0, 0, 0, 0, 0, 128, 128, 128, 255],
    ];
    expect(rgb(decodeBmp(buildBmp({ width: 3, height: 2, bitsPerPixel: 32, rows })).data)).toEqual(expected);
  });

  it('decodes 32-bit BI_BITFIELDS with any channel order, after an info or V5 header', () => {
    // RGBA byte order in memory: little-endian masks R=0x000000ff, G=0x0000ff00, B=0x00ff0000.
    const masks = [0x000000ff, 0x0000ff00, 0x00ff0000] as const;
    const rows = [
      [255, 0, 0, 9, 0, 255, 0, 9, 0, 0, 255, 9],
      [255, 255, 255, 9, 0, 0, 0, 9, 128, 128, 128, 9],
    ];
    for (const headerSize of [40, 124] as const) {
      const bytes = buildBmp({ width: 3, height: 2, bitsPerPixel: 32, rows, compression: 3, masks, headerSize });
      expect(rgb(decodeBmp(bytes).data)).toEqual(expected);
    }
  });

  it('decodes 16-bit 5-5-5 and 5-6-5 pixels, scaling channels to 0..255', () => {
    // 5-5-5: red 0x7c00, green 0x03e0, blue 0x001f, grey (16,16,16) = 0x4210.
    const rows555 = [[0x00, 0x7c, 0xe0, 0x03, 0x1f, 0x00, 0x10, 0x42]];
    const decoded = decodeBmp(buildBmp({ width: 4, height: 1, bitsPerPixel: 16, rows: rows555 }));
    expect(rgb(decoded.data)).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [132, 132, 132],
    ]);
    // 5-6-5: green has 6 bits, so 0x07e0 is full green and 0x0400 is 32/63 of it.
    const rows565 = [[0xe0, 0x07, 0x00, 0x04]];
    const masks = [0xf800, 0x07e0, 0x001f] as const;
    const decoded565 = decodeBmp(buildBmp({ width: 2, height: 1, bitsPerPixel: 16, rows: rows565, compression: 3, masks }));
    expect(rgb(decoded565.data)).toEqual([
      [0, 255, 0],
      [0, 130, 0],
    ]);
  });

  it('decodes 8-, 4- and 1-bit palettes', () => {
    const palette = [
      [10, 20, 30],
      [200, 100, 50],
      [0, 255, 0],
    ] as const;
    const eight = decodeBmp(
      buildBmp({
        width: 3,
        height: 2,
        bitsPerPixel: 8,
        palette,
        rows: [
          [2, 1, 0],
          [0, 0, 1],
        ],
      }),
    );
    expect(rgb(eight.data)).toEqual([palette[2], palette[1], palette[0], palette[0], palette[0], palette[1]]);

    const four = decodeBmp(buildBmp({ width: 3, height: 1, bitsPerPixel: 4, palette, rows: [[0x21, 0x00]] }));
    expect(rgb(four.data)).toEqual([palette[2], palette[1], palette[0]]);

    const one = decodeBmp(
      buildBmp({
        width: 10,
        height: 1,
        bitsPerPixel: 1,
        palette: [
          [0, 0, 0],
          [255, 255, 255],
        ],
        rows: [[0b10100000, 0b01000000]],
      }),
    );
    expect(rgb(one.data).map(([r]) => r)).toEqual([255, 0, 255, 0, 0, 0, 0, 0, 0, 255]);

    const core = decodeBmp(buildBmp({ width: 3, height: 1, bitsPerPixel: 8, palette, headerSize: 12, rows: [[1, 2, 0]] }));
    expect(rgb(core.data)).toEqual([palette[1], palette[2], palette[0]]);
  });

  it('decodes RLE8 and RLE4 runs, literals, line ends and deltas', () => {
    const palette = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 0, 255],
      [9, 9, 9],
    ] as const;
    // Bottom row: run of 2 x index 1, literal [2, 3, 1] (padded), end of line; top row: delta +1, run 1 x 2, run 3 x 0, end.
    const rle8 = [2, 1, 0, 3, 2, 3, 1, 0, 0, 0, 0, 2, 1, 0, 1, 2, 3, 0, 0, 1];
    const eight = decodeBmp(buildBmp({ width: 5, height: 2, bitsPerPixel: 8, compression: 1, palette, data: rle8 }));
    expect(rgb(eight.data)).toEqual([
      palette[0],
      palette[2],
      palette[0],
      palette[0],
      palette[0],
      palette[1],
      palette[1],
      palette[2],
      palette[3],
      palette[1],
    ]);

    // RLE4: run of 3 alternating 1,2; literal of 3 nibbles 3,1,2 (2 bytes); end of bitmap.
    const rle4 = [3, 0x12, 0, 3, 0x31, 0x20, 0, 1];
    const four = decodeBmp(buildBmp({ width: 6, height: 1, bitsPerPixel: 4, compression: 2, palette, data: rle4 }));
    expect(rgb(four.data)).toEqual([palette[1], palette[2], palette[1], palette[3], palette[1], palette[2]]);
  });

  it('recognises the BMP signature', () => {
    expect(isBmp(buildBmp({ width: 1, height: 1, bitsPerPixel: 24, rows: [[1, 2, 3]] }))).toBe(true);
    expect(isBmp(new Uint8Array([0x42]))).toBe(false);
    expect(isBmp(new Uint8Array([0xff, 0xd8, 0xff]))).toBe(false);
  });

  it('reports truncated files with the sizes involved', () => {
    const whole = buildBmp({ width: 3, height: 2, bitsPerPixel: 24, rows: rows24 });
    const cut = decodeError(whole.subarray(0, whole.length - 5));
    expect(cut.source).toBe('test.bmp');
    expect(cut.reason).toBe(
      `the BMP file is truncated: its pixel data needs ${whole.length - 3} bytes but the file has ${whole.length - 5}`,
    );
    expect(decodeError(whole.subarray(0, 20)).reason).toContain('truncated: its header');
    const rle = buildBmp({ width: 4, height: 2, bitsPerPixel: 8, compression: 1, palette: [[1, 2, 3]], data: [4, 0, 0, 0] });
    expect(decodeError(rle).reason).toBe(
      'the BMP file is truncated or damaged: its RLE8 pixel data sets 4 of the 8 pixels its header declares',
    );
  });

  it('refuses RLE data that ends its bitmap before every pixel is set, as Pillow does', () => {
    const palette: [number, number, number][] = [[1, 2, 3]];
    const early = buildBmp({ width: 4, height: 2, bitsPerPixel: 8, compression: 1, palette, data: [4, 0, 0, 0, 2, 0, 0, 1] });
    expect(decodeError(early).reason).toContain('sets 6 of the 8 pixels');
    // Once every pixel is set, the end-of-bitmap code may be missing (the file cut after the last run).
    const complete = buildBmp({ width: 4, height: 2, bitsPerPixel: 8, compression: 1, palette, data: [4, 0, 0, 0, 4, 0] });
    expect(decodeBmp(complete).data).toEqual(new Uint8Array(24).map((_, i) => [1, 2, 3][i % 3]!));
  });

  it('refuses an RLE bomb (a few bytes declaring 11585 x 11585) from its codes, at once and without allocating the image', () => {
    // Runs of 255 pixels, each row closed by an end-of-line code, then the end of the bitmap.
    const rows = new Array(20).fill([255, 1, 0, 0]).flat() as number[];
    const bomb = buildBmp({ width: 11_585, height: 11_585, bitsPerPixel: 8, compression: 1, palette: [[1, 2, 3]], data: [...rows, 0, 1] });
    const started = performance.now();
    expect(decodeError(bomb).reason).toBe(
      'the BMP file is truncated or damaged: its RLE8 pixel data sets 231700 of the 134212225 pixels its header declares',
    );
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('reports unsupported variants and nonsense plainly', () => {
    const jpeg = buildBmp({ width: 1, height: 1, bitsPerPixel: 24, compression: 4, data: [] });
    expect(decodeError(jpeg).reason).toBe('BMP with 24 bits per pixel and compression embedded JPEG is not supported');
    expect(decodeError(buildBmp({ width: 1, height: 1, bitsPerPixel: 2, rows: [[0]] })).reason).toContain('2 bits per pixel');
    const odd = buildBmp({ width: 1, height: 1, bitsPerPixel: 24, rows: [[1, 2, 3]] });
    new DataView(odd.buffer).setUint32(14, 64, true);
    expect(decodeError(odd).reason).toBe('its BMP header of 64 bytes is not a supported kind');
    expect(decodeError(new TextEncoder().encode('hello')).reason).toContain('not a BMP file');
    expect(decodeError(buildBmp({ width: 0, height: 1, bitsPerPixel: 24, rows: [[]] })).reason).toContain('not a valid image size');
  });

  it('refuses images over the pixel limit before allocating them', () => {
    const header = buildBmp({ width: 1, height: 1, bitsPerPixel: 24, rows: [[1, 2, 3]] });
    const view = new DataView(header.buffer);
    view.setInt32(18, 100_000, true);
    view.setInt32(22, 100_000, true);
    expect(() => decodeBmp(header, { source: 'huge.bmp' })).toThrow(/10000000000 pixels|100000 x 100000 pixels/);
    expect(() =>
      decodeBmp(buildBmp({ width: 4, height: 4, bitsPerPixel: 24, rows: new Array(4).fill(new Array(12).fill(0)) }), { maxPixels: 15 }),
    ).toThrow(ImageDecodeError);
  });
});
