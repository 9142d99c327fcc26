import { ImageDecodeError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { imageToTensor } from './image-to-tensor.js';
import { selectWebBackend } from './select-web-backend.js';

// Runs in a real browser (Chromium): these need createImageBitmap, OffscreenCanvas and a 2D canvas.
// Tensors need a backend; cpu keeps the values exact and the file independent of WebGL.
beforeAll(async () => {
  await selectWebBackend({ backend: 'cpu' });
});

/** Opaque colours, so that the canvas's premultiplied storage cannot change them. */
const colours = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [10, 20, 30],
  [200, 100, 50],
  [255, 255, 255],
] as const;

/** A 3 x 2 canvas whose pixels, row by row, are `colours`. */
function paintedCanvas(): OffscreenCanvas {
  const canvas = new OffscreenCanvas(3, 2);
  const context = canvas.getContext('2d')!;
  colours.forEach(([r, g, b], index) => {
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.fillRect(index % 3, Math.floor(index / 3), 1, 1);
  });
  return canvas;
}

async function encode(canvas: OffscreenCanvas, type: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await canvas.convertToBlob({ type })).arrayBuffer());
}

/** A JPEG with an EXIF APP1 segment that sets orientation `value` (6 = rotate 90 degrees clockwise). */
function withExifOrientation(jpeg: Uint8Array, value: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const segment = [0xff, 0xe1, ((payload.length + 2) >> 8) & 0xff, (payload.length + 2) & 0xff, ...payload];
  // After the JFIF APP0 segment when there is one, as cameras write it.
  const insertAt = jpeg[2] === 0xff && jpeg[3] === 0xe0 ? 4 + ((jpeg[4]! << 8) | jpeg[5]!) : 2;
  return new Uint8Array([...jpeg.subarray(0, insertAt), ...segment, ...jpeg.subarray(insertAt)]);
}

describe('decodeImage in a browser', () => {
  it('decodes a PNG to exact int32 RGB [height, width, 3], dropping alpha, without leaking', async () => {
    const before = tf.memory().numTensors;
    const image = await decodeImage(await encode(paintedCanvas(), 'image/png'), { source: 'painted.png' });
    expect(image.shape).toEqual([2, 3, 3]);
    expect(image.dtype).toBe('int32');
    expect(Array.from(await image.data())).toEqual(colours.flat());
    image.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies the EXIF orientation of a JPEG', async () => {
    const canvas = new OffscreenCanvas(4, 2);
    const context = canvas.getContext('2d')!;
    context.fillStyle = 'rgb(255, 0, 0)';
    context.fillRect(0, 0, 4, 1);
    context.fillStyle = 'rgb(0, 0, 255)';
    context.fillRect(0, 1, 4, 1);
    const jpeg = await encode(canvas, 'image/jpeg');
    const upright = await decodeImage(jpeg);
    expect(upright.shape).toEqual([2, 4, 3]);
    upright.dispose();
    const rotated = await decodeImage(withExifOrientation(jpeg, 6), { source: 'rotated.jpg' });
    expect(rotated.shape).toEqual([4, 2, 3]);
    // Rotated 90 degrees clockwise, the top (red) row becomes the right column.
    const pixels = (await rotated.array()) as number[][][];
    expect(pixels[0]![1]![0]).toBeGreaterThan(200);
    expect(pixels[0]![0]![2]).toBeGreaterThan(200);
    rotated.dispose();
  });

  it('throws ImageDecodeError naming the source for bytes that are not an image', async () => {
    const bytes = new TextEncoder().encode('<!DOCTYPE html><p>Not found</p>');
    await expect(decodeImage(bytes, { source: 'https://example.com/cat.jpg' })).rejects.toSatisfy(
      (error) => error instanceof ImageDecodeError && error.source === 'https://example.com/cat.jpg' && /looks like text, such as an error page, starting "<!DOCTYPE html>/.test(error.reason),
    );
    const png = await encode(paintedCanvas(), 'image/png');
    await expect(decodeImage(png.subarray(0, 20), { source: 'cut.png' })).rejects.toSatisfy(
      (error) => error instanceof ImageDecodeError && /starts like a PNG/.test(error.reason),
    );
  });
});

describe('imageToTensor in a browser', () => {
  it('reads an OffscreenCanvas, a canvas element and an ImageBitmap as int32 RGB', async () => {
    const offscreen = paintedCanvas();
    const element = document.createElement('canvas');
    element.width = 3;
    element.height = 2;
    element.getContext('2d')!.drawImage(offscreen, 0, 0);
    const bitmap = await createImageBitmap(offscreen);
    for (const source of [offscreen, element, bitmap]) {
      const pixels = await imageToTensor(source);
      expect(pixels.shape).toEqual([2, 3, 3]);
      expect(pixels.dtype).toBe('int32');
      expect(Array.from(await pixels.data())).toEqual(colours.flat());
      pixels.dispose();
    }
    bitmap.close();
  });

  it('reads an <img> at its natural size, whatever size it is shown at', async () => {
    const png = await encode(paintedCanvas(), 'image/png');
    const url = URL.createObjectURL(new Blob([png], { type: 'image/png' }));
    const img = new Image(30, 20);
    img.src = url;
    const pixels = await imageToTensor(img);
    expect(pixels.shape).toEqual([2, 3, 3]);
    expect(Array.from(await pixels.data())).toEqual(colours.flat());
    pixels.dispose();
    URL.revokeObjectURL(url);
  });

  it('throws ImageDecodeError for an <img> that fails to load and a closed bitmap', async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,bm90IGFuIGltYWdl';
    await expect(imageToTensor(img)).rejects.toBeInstanceOf(ImageDecodeError);
    const bitmap = await createImageBitmap(paintedCanvas());
    bitmap.close();
    await expect(imageToTensor(bitmap)).rejects.toBeInstanceOf(ImageDecodeError);
  });
});

const hasWebgl = (() => {
  const canvas = document.createElement('canvas');
  return canvas.getContext('webgl2') !== null || canvas.getContext('webgl') !== null;
})();

describe.skipIf(!hasWebgl)(`decodeImage and imageToTensor on the webgl backend${hasWebgl ? '' : ' (skipped: this browser offers no WebGL)'}`, () => {
  it('give the same exact pixels as on cpu', async () => {
    await selectWebBackend({ backend: 'webgl' });
    try {
      const decoded = await decodeImage(await encode(paintedCanvas(), 'image/png'));
      const read = await imageToTensor(paintedCanvas());
      expect(tf.getBackend()).toBe('webgl');
      expect(Array.from(await decoded.data())).toEqual(colours.flat());
      expect(Array.from(await read.data())).toEqual(colours.flat());
      tf.dispose([decoded, read]);
    } finally {
      await selectWebBackend({ backend: 'cpu' });
    }
  });
});
