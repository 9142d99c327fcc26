import '@tensorflow/tfjs-backend-cpu';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseLabel, fixtureFolder, kerasFixtures, sha256 } from '../testing/keras-fixtures.js';
import { loadImage } from './load-image.js';

// The synthetic hard cases through Dendrite's whole path (the Node platform decodes the PNGs
// losslessly, so its input is Pillow's) against real Keras's load_img + img_to_array.
const pngs = kerasFixtures.sources.filter((source) => source.file.endsWith('.png'));

describe("loadImage against Keras's load_img on the synthetic PNGs (RGB, grayscale, RGBA)", () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setPlatform(createNodePlatform({ offline: true }));
  });

  afterAll(() => {
    clearPlatform();
  });

  for (const source of pngs) {
    it(`equals Keras byte for byte for every case of ${source.file}`, async () => {
      for (const c of source.cases) {
        const image = await loadImage(`${fixtureFolder}${source.file}`, {
          size: c.size,
          interpolation: c.interpolation,
          keepAspectRatio: c.keepAspectRatio,
        });
        const levels = Uint8Array.from(await image.data());
        image.dispose();
        expect(sha256(levels), caseLabel(source, c)).toBe(c.sha256);
      }
    });
  }

  it("applies a photo's EXIF orientation, which load_img ignores (the one known difference)", async () => {
    const exif = kerasFixtures.sources.find((source) => source.file === 'source-exif-rotated.jpg');
    const image = await loadImage(`${fixtureFolder}source-exif-rotated.jpg`);
    // Keras keeps the stored 24 x 40 landscape; the platform turns it upright, 40 x 24.
    expect(exif?.decoded.shape).toEqual([24, 40, 3]);
    expect(image.shape).toEqual([40, 24, 3]);
    image.dispose();
  });
});
