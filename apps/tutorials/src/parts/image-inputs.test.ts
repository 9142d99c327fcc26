import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageDecodeError, ResourceNotFoundError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { loadImage } from '@dendrite/data';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// Photos as users have them, made with sharp, read through the public path: loadImage on the Node platform.
let folder: string;
let before = 0;

/** Raw pixels of `width` x `height` with `channels` channels, each pixel [x, y, x + y, ...] (mod 256). */
function gradient(width: number, height: number, channels: number): Uint8Array {
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) pixels[(y * width + x) * channels + c] = [x, y, x + y, 200][c]! % 256;
    }
  }
  return pixels;
}

async function save(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, bytes);
  return path;
}

async function failure(path: string): Promise<unknown> {
  return loadImage(path, { size: [224, 224] }).then(
    (image) => {
      image.dispose();
      throw new Error(`${path} loaded`);
    },
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dendrite-inputs-'));
  const platform = createNodePlatform({ offline: true, cacheDir: join(folder, 'cache') });
  await platform.initBackend();
  setPlatform(platform);
});
afterAll(async () => {
  clearPlatform();
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

describe('photos given to loadImage, as users have them', () => {
  it('a zero-byte file is an ImageDecodeError naming it and saying it is empty', async () => {
    const path = await save('empty.jpg', new Uint8Array(0));
    const error = await failure(path);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({ source: path });
    expect((error as Error).message).toMatch(/empty \(0 bytes\)/);
  });

  it('a text file named .jpg is an ImageDecodeError saying it looks like text', async () => {
    const path = await save('page.jpg', '<!DOCTYPE html><html><body>Not found</body></html>\n');
    const error = await failure(path);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/looks like text, such as an error page, starting "<!DOCTYPE html>/);
  });

  it('a truncated JPEG is an ImageDecodeError naming it', async () => {
    const jpeg = await sharp(gradient(300, 200, 3), { raw: { width: 300, height: 200, channels: 3 } }).jpeg().toBuffer();
    const path = await save('cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    const error = await failure(path);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toMatch(new RegExp(`Cannot read ${path} as an image: the JPEG data is (truncated|corrupt)`));
  });

  it('an RGBA PNG loads as RGB, its alpha dropped (not blended)', async () => {
    const rgba = gradient(40, 30, 4);
    const path = await save('rgba.png', await sharp(rgba, { raw: { width: 40, height: 30, channels: 4 } }).png().toBuffer());
    const image = await loadImage(path);
    expect(image.shape).toEqual([30, 40, 3]);
    const pixel = image.arraySync()[29]?.[39];
    expect(pixel).toEqual([39, 29, 68]);
    image.dispose();
  });

  it('a grayscale PNG loads with 3 equal channels', async () => {
    const gray = gradient(40, 30, 1);
    const path = await save('gray.png', await sharp(gray, { raw: { width: 40, height: 30, channels: 1 } }).png().toBuffer());
    const resized = await loadImage(path, { size: [224, 224] });
    expect(resized.shape).toEqual([224, 224, 3]);
    resized.dispose();
    const image = await loadImage(path);
    expect(image.arraySync()[5]?.[17]).toEqual([17, 17, 17]);
    image.dispose();
  });

  it('a 16-bit PNG loads, reduced to 0..255', async () => {
    const deep = new Uint16Array(20 * 10 * 3).fill(0x8080);
    deep.set([65535, 0, 32896], 0);
    const png = await sharp(deep, { raw: { width: 20, height: 10, channels: 3, premultiplied: false } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const path = await save('deep.png', png);
    const image = await loadImage(path);
    expect(image.shape).toEqual([10, 20, 3]);
    const values = image.arraySync();
    expect(values[0]?.[0]).toEqual([255, 0, 128]);
    expect(values[9]?.[19]).toEqual([128, 128, 128]);
    image.dispose();
  });

  it('a 6000 x 4000 photo loads, resized to 224 x 224', async () => {
    const jpeg = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: { r: 200, g: 100, b: 50 } } }).jpeg().toBuffer();
    const path = await save('huge.jpg', jpeg);
    const image = await loadImage(path, { size: [224, 224] });
    expect(image.shape).toEqual([224, 224, 3]);
    const [r, g, b] = tf.tidy(() => Array.from(tf.mean(image, [0, 1]).dataSync()));
    expect(Math.abs((r ?? 0) - 200)).toBeLessThan(3);
    expect(Math.abs((g ?? 0) - 100)).toBeLessThan(3);
    expect(Math.abs((b ?? 0) - 50)).toBeLessThan(3);
    image.dispose();
  });

  it('a path that does not exist is a ResourceNotFoundError naming it', async () => {
    const path = join(folder, 'no-such-photo.jpg');
    const error = await failure(path);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toMatchObject({ source: path });
    expect((error as Error).message).toContain(`Nothing found at ${path}`);
  });

  it('the same photo loads the same from a file and from its bytes', async () => {
    const path = await save('same.png', await sharp(gradient(16, 16, 3), { raw: { width: 16, height: 16, channels: 3 } }).png().toBuffer());
    const fromFile = await loadImage(path, { size: [8, 8] });
    const fromBytes = await loadImage(new Uint8Array(await readFile(path)), { size: [8, 8] });
    expect(fromBytes.arraySync()).toEqual(fromFile.arraySync());
    tf.dispose([fromFile, fromBytes]);
  });
});
