// Streams a generated folder of 2,000 real image files through the Node platform and checks that
// tensors do not pile up: at most one batch (images and labels) is alive at any time.
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmp24 } from '../testing/bmp-file.js';
import { imageDatasetFromDirectory } from './image-dataset-from-directory.js';

const perClass = 1000;
let folder: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  folder = await mkdtemp(join(tmpdir(), 'dendrite-stream-'));
  for (const [label, className] of ['circles', 'squares'].entries()) {
    await mkdir(join(folder, className));
    for (let start = 0; start < perClass; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, offset) => {
          const n = start + offset;
          // Sizes vary from 20 x 16 to 27 x 23; blue carries the class.
          const bytes = encodeBmp24(20 + (n % 8), 16 + (n % 8), (x, y) => [x * 9, y * 9, label * 200]);
          return writeFile(join(folder, className, `${String(n).padStart(4, '0')}.bmp`), bytes);
        }),
      );
    }
  }
  await writeFile(join(folder, 'squares', 'notes.txt'), 'not an image');
  setPlatform(createNodePlatform({ offline: true }));
});

afterAll(async () => {
  clearPlatform();
  await rm(folder, { recursive: true, force: true });
});

describe('streaming a folder of 2,000 images', () => {
  it('keeps at most one batch of tensors alive and frees everything at the end', async () => {
    const dataset = await imageDatasetFromDirectory(folder);
    expect(dataset.classCounts()).toEqual([perClass, perClass]);

    const batchSize = 64;
    const before = tf.memory();
    const batchBytes = batchSize * 16 * 16 * 3 * 4 + batchSize * 4;
    let images = 0;
    let batches = 0;
    let peakTensors = 0;
    let peakBytes = 0;
    let labelsMatch = true;
    for await (const { xs, ys } of dataset.batches({ batchSize, size: [16, 16], shuffle: true, seed: 3, strict: true })) {
      const now = tf.memory();
      peakTensors = Math.max(peakTensors, now.numTensors - before.numTensors);
      peakBytes = Math.max(peakBytes, now.numBytes - before.numBytes);
      // The blue channel (0 or 200) says which class folder an image came from.
      const [blue, labels] = tf.tidy(() => [tf.slice(xs, [0, 0, 0, 2], [-1, 1, 1, 1]).dataSync(), ys.dataSync()]);
      labelsMatch &&= Array.from(labels ?? []).every((label, i) => Math.abs((blue?.[i] ?? -1) - label * 200) < 1e-3);
      images += xs.shape[0];
      batches += 1;
      tf.dispose([xs, ys]);
    }
    expect(images).toBe(2 * perClass);
    expect(batches).toBe(Math.ceil((2 * perClass) / batchSize));
    expect(labelsMatch).toBe(true);
    expect(peakTensors).toBe(2);
    expect(peakBytes).toBeLessThanOrEqual(batchBytes);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});
