import '@tensorflow/tfjs-backend-cpu';
import { ImageDecodeError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDamagedImages, sha256 } from './damaged-images.js';
import { decodeImage } from './decode-image.js';

type Outcome = { decodes: true; width: number; height: number; sha256: string } | { decodes: false; error: string };

async function dendriteOutcome(bytes: Uint8Array, source: string): Promise<Outcome> {
  try {
    const image = await decodeImage(bytes, { source });
    const [height, width] = image.shape;
    const pixels = Uint8Array.from(await image.data());
    image.dispose();
    return { decodes: true, width, height, sha256: sha256(pixels) };
  } catch (error) {
    if (!(error instanceof ImageDecodeError)) throw error;
    return { decodes: false, error: error.message };
  }
}

const { cases } = loadDamagedImages();

describe('decodeImage on damaged files, against Pillow', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('table', async () => {
    for (const c of cases) {
      const source = `${c.base} (${c.damage})`;
      const mine = await dendriteOutcome(c.bytes, source);
      const same = mine.decodes === c.pillow.decodes && (!mine.decodes || (c.pillow.decodes && mine.sha256 === c.pillow.sha256));
      console.log(`${same ? 'SAME' : 'DIFF'} ${source.padEnd(55)} pillow=${c.pillow.decodes ? 'ok' : 'raise'} dendrite=${mine.decodes ? 'ok' : `raise ${mine.error.slice(0, 90)}`}`);
    }
    expect(cases.length).toBeGreaterThan(0);
  });
});
