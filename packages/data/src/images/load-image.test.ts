import '@tensorflow/tfjs-backend-cpu';
import {
  type DecodedImagePixels,
  type DecodeImageOptions,
  ImageDecodeError,
  InvalidArgumentError,
  PlatformNotSetError,
  ResourceNotFoundError,
  setPlatform,
} from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakePlatform, fakeImageBytes } from '../testing/fake-platform.js';
import { loadImage } from './load-image.js';

let platform: FakePlatform;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  platform = new FakePlatform({
    'photos/wide.png': fakeImageBytes(100, 50, 9),
    'https://example.com/small.png': fakeImageBytes(3, 2, 4),
    'photos/broken.jpg': new Uint8Array([1, 2, 3]),
  });
  setPlatform(platform);
});

describe('loadImage', () => {
  it('keeps the decoded size without a size option, as float32 values 0..255', async () => {
    const image = await loadImage(new URL('https://example.com/small.png'));
    expect(image.shape).toEqual([2, 3, 3]);
    expect(image.dtype).toBe('float32');
    expect(image.arraySync()).toEqual([
      [
        [0, 0, 4],
        [1, 0, 4],
        [2, 0, 4],
      ],
      [
        [0, 1, 4],
        [1, 1, 4],
        [2, 1, 4],
      ],
    ]);
    image.dispose();
  });

  it("stretches to the requested size with load_img's default, nearest: each pixel is the one under its centre", async () => {
    const image = await loadImage('photos/wide.png', { size: [32, 32] });
    expect(image.shape).toEqual([32, 32, 3]);
    // Stretching keeps the whole width: column i takes input column floor((i + 0.5) * 100 / 32).
    expect(image.arraySync()[0]?.map((pixel) => pixel[0])).toEqual(
      Array.from({ length: 32 }, (_, i) => Math.floor(((i + 0.5) * 100) / 32)),
    );
    image.dispose();
  });

  it('keeps the aspect ratio when asked (and still takes the older resizeMode spelling)', async () => {
    const image = await loadImage('photos/wide.png', { size: [32, 32], keepAspectRatio: true });
    expect(image.arraySync()[0]?.[31]?.[0]).toBe(Math.floor(25 + (31.5 * 50) / 32));
    const older = await loadImage('photos/wide.png', { size: [32, 32], resizeMode: 'center-crop' });
    expect(older.arraySync()).toEqual(image.arraySync());
    const smooth = await loadImage('photos/wide.png', { size: [32, 32], keepAspectRatio: true, interpolation: 'bilinear' });
    expect(smooth.arraySync()[0]?.[16]?.[0]).toBe(Math.round(25 + (16.5 * 50) / 32 - 0.5));
    await expect(loadImage('photos/wide.png', { size: [32, 32], keepAspectRatio: false, resizeMode: 'center-crop' })).rejects.toThrow(
      /resizeMode/,
    );
    await expect(loadImage('photos/wide.png', { size: [32, 32], interpolation: 'cubic' as 'bicubic' })).rejects.toThrow(/interpolation/);
    tf.dispose([image, older, smooth]);
  });

  it("with a size, resizes 8-bit pixels from the platform's decodeImagePixels where it has one, to the same result", async () => {
    const viaTensor = await loadImage('photos/wide.png', { size: [32, 32], interpolation: 'bilinear' });
    const pixelCalls: (string | undefined)[] = [];
    const withPixels = Object.assign(new FakePlatform({ 'photos/wide.png': fakeImageBytes(100, 50, 9) }), {
      // The fake format's pixels as 8-bit RGB: red the column, green the row, blue the fill.
      decodeImagePixels: async (_bytes: Uint8Array, options?: DecodeImageOptions): Promise<DecodedImagePixels> => {
        pixelCalls.push(options?.source);
        const data = new Uint8Array(100 * 50 * 3);
        for (let y = 0; y < 50; y++) for (let x = 0; x < 100; x++) data.set([x, y, 9], (y * 100 + x) * 3);
        return { width: 100, height: 50, data };
      },
    });
    setPlatform(withPixels);
    const viaPixels = await loadImage('photos/wide.png', { size: [32, 32], interpolation: 'bilinear' });
    expect(pixelCalls).toEqual(['photos/wide.png']);
    expect(withPixels.decodedSources).toEqual([]);
    expect(viaPixels.arraySync()).toEqual(viaTensor.arraySync());
    // Without a size the full-size tensor comes from decodeImage, as before.
    const full = await loadImage('photos/wide.png');
    expect(withPixels.decodedSources).toEqual(['photos/wide.png']);
    tf.dispose([viaTensor, viaPixels, full]);
  });

  it('leaves only the returned tensor behind', async () => {
    const before = tf.memory().numTensors;
    const image = await loadImage('photos/wide.png', { size: [10, 10], resizeMode: 'center-crop' });
    expect(tf.memory().numTensors).toBe(before + 1);
    image.dispose();
    await expect(loadImage('photos/broken.jpg', { size: [10, 10] })).rejects.toThrow(ImageDecodeError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes the path to the decoder and surfaces a missing file as ResourceNotFoundError naming it', async () => {
    const error = await loadImage('photos/missing.jpg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).source).toBe('photos/missing.jpg');
    expect((error as Error).message).toContain('photos/missing.jpg');
  });

  it('names the file in an ImageDecodeError', async () => {
    const error = await loadImage('photos/broken.jpg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).source).toBe('photos/broken.jpg');
    expect(platform.decodedSources).toEqual(['photos/broken.jpg']);
  });

  it('describes in-memory bytes that do not decode', async () => {
    await expect(loadImage(new Uint8Array([9, 9]))).rejects.toThrow(/Cannot read in-memory image \(2 bytes\) as an image/);
  });

  it('loads from bytes and Blobs', async () => {
    const fromBytes = await loadImage(fakeImageBytes(4, 4, 1));
    const fromBlob = await loadImage(new Blob([fakeImageBytes(4, 4, 1)]));
    expect(fromBlob.arraySync()).toEqual(fromBytes.arraySync());
    tf.dispose([fromBytes, fromBlob]);
  });

  it('rejects a bad size with InvalidArgumentError before reading anything', async () => {
    for (const size of [[0, 10], [224], [10.5, 10]]) {
      await expect(loadImage('photos/wide.png', { size: size as unknown as [number, number] })).rejects.toThrow(InvalidArgumentError);
    }
    await expect(loadImage('photos/wide.png', { resizeMode: 'squash' as 'stretch' })).rejects.toThrow(/resizeMode/);
    expect(platform.reads).toBe(0);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(loadImage('photos/wide.png', { signal: controller.signal })).rejects.toThrow('stop now');
  });

  it('needs a platform', async () => {
    clearPlatform();
    await expect(loadImage('photos/wide.png')).rejects.toThrow(PlatformNotSetError);
  });
});
