import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = resolve(repositoryRoot, '../shared');
const coral = join(shared, 'models/test-images-coral');
const tutorials = join(shared, 'data/pythontutorials');

describe.skipIf(!existsSync(shared))(`decodeImage on real photos${!existsSync(shared) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('decodes the 24-bit V5-header BMP photos, with rows in the right order', async () => {
    const files = readdirSync(coral).filter((name) => name.endsWith('.bmp'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const before = tf.memory().numTensors;
    for (const name of files) {
      const bytes = readFileSync(join(coral, name));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      expect(view.getUint32(14, true)).toBe(124);
      expect(view.getUint16(28, true)).toBe(24);
      const width = view.getInt32(18, true);
      const height = view.getInt32(22, true);
      const offset = view.getUint32(10, true);
      const stride = Math.ceil((width * 3) / 4) * 4;

      const image = await decodeImage(bytes, { source: name });
      expect(image.shape).toEqual([height, width, 3]);
      const pixels = image.dataSync();
      // Bottom-up: the first stored row is the bottom row; stored pixels are BGR.
      for (const [x, y] of [
        [0, 0],
        [width - 1, 0],
        [17, height - 1],
        [width >> 1, height >> 1],
      ] as const) {
        const stored = offset + (height - 1 - y) * stride + x * 3;
        const at = (y * width + x) * 3;
        expect([pixels[at], pixels[at + 1], pixels[at + 2]]).toEqual([bytes[stored + 2], bytes[stored + 1], bytes[stored]]);
      }
      image.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('decodes the tutorial JPEG photos (progressive with EXIF, and baseline)', async () => {
    const before = tf.memory().numTensors;
    const boef = await decodeImage(readFileSync(join(tutorials, 'boef.jpg')), { source: 'boef.jpg' });
    expect(boef.shape).toEqual([224, 224, 3]);
    const meanValue = tf.tidy(() => tf.mean(tf.cast(boef, 'float32')).dataSync()[0]!);
    expect(meanValue).toBeGreaterThan(20);
    expect(meanValue).toBeLessThan(235);
    boef.dispose();

    const cats = readdirSync(join(tutorials, 'cats')).filter((name) => name.endsWith('.jpg'));
    expect(cats).toHaveLength(40);
    for (const name of cats) {
      const image = await decodeImage(readFileSync(join(tutorials, 'cats', name)), { source: name });
      expect(image.shape, name).toEqual([300, 400, 3]);
      expect(image.dtype).toBe('int32');
      image.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
