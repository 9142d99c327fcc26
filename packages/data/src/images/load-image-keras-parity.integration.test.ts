import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatform, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseLabel, channelSums, kerasFixtures, maxDifference, readRaw, sha256 } from '../testing/keras-fixtures.js';
import { loadImage } from './load-image.js';

// The course's photos through Dendrite's whole path (the Node platform's JPEG decoder, then the
// resize) against real Keras's load_img + img_to_array, recorded by fixtures/make-fixtures.py.
const shared = process.env.DENDRITE_SHARED ?? resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const photos = resolve(shared, 'data/pythontutorials');
const absent = !existsSync(photos);
const coursePhotos = kerasFixtures.sources.filter((source) => source.file.endsWith('.jpg') && !source.file.startsWith('source'));
const pathOf = (file: string) => resolve(photos, file === 'boef.jpg' ? file : `cats/${file}`);

describe.skipIf(absent)(`the course's photos against Keras's load_img${absent ? ' (skipped: ../shared is absent)' : ''}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setPlatform(createNodePlatform({ offline: true }));
  });

  afterAll(() => {
    clearPlatform();
  });

  it('decodes each photo to exactly the pixels Pillow decodes (both use libjpeg-turbo)', async () => {
    expect(coursePhotos.length).toBeGreaterThanOrEqual(5);
    for (const source of coursePhotos) {
      const decoded = await getPlatform().decodeImage(await getPlatform().readBytes(pathOf(source.file)));
      const levels = Uint8Array.from(await decoded.data());
      expect(decoded.shape, source.file).toEqual(source.decoded.shape);
      expect(sha256(levels), source.file).toBe(source.decoded.sha256);
      decoded.dispose();
    }
  });

  for (const source of coursePhotos) {
    for (const c of source.cases) {
      it(`equals Keras byte for byte: ${caseLabel(source, c)}`, async () => {
        const image = await loadImage(pathOf(source.file), { size: c.size, interpolation: c.interpolation, keepAspectRatio: c.keepAspectRatio });
        const levels = Uint8Array.from(await image.data());
        image.dispose();
        expect(image.shape).toEqual(c.shape);
        if (c.raw !== undefined) expect(maxDifference(levels, readRaw(c.raw))).toBe(0);
        expect(channelSums(levels, 3)).toEqual(c.channelSums);
        expect(sha256(levels)).toBe(c.sha256);
      });
    }
  }

  it("uses load_img's default, nearest, when no interpolation is given", async () => {
    const f01 = coursePhotos.find((source) => source.file === 'f01.jpg');
    const nearest = f01?.cases.find((c) => c.interpolation === 'nearest');
    const image = await loadImage(pathOf('f01.jpg'), { size: [224, 224] });
    expect(sha256(Uint8Array.from(await image.data()))).toBe(nearest?.sha256);
    image.dispose();
  });
});
