import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageDecodeError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { type DamagedImage, loadDamagedImages, type PillowVerdict, pillowScript, sha256 } from './testing/damaged-images.js';

/**
 * Cases where Dendrite knowingly differs from Pillow, and why. Each is still checked: Dendrite must
 * do what is written here.
 */
const knownDifferences: Readonly<Record<string, { readonly dendrite: 'decodes'; readonly why: string }>> = {};

async function dendriteVerdict(bytes: Uint8Array, source: string): Promise<PillowVerdict> {
  try {
    const image = await decodeImage(bytes, { source });
    const [height, width] = image.shape;
    const pixels = Uint8Array.from(await image.data());
    image.dispose();
    return { decodes: true, width, height, sha256: sha256(pixels) };
  } catch (error) {
    if (!(error instanceof ImageDecodeError)) throw error;
    expect(error.source).toBe(source);
    expect(error.message).toContain(source);
    return { decodes: false, error: error.message };
  }
}

const label = (c: DamagedImage): string => `${c.base} (${c.damage})`;
const { pillowVersion, cases } = loadDamagedImages();

/** Checks Dendrite against one Pillow verdict: same pixels where Pillow decodes, an ImageDecodeError where it raises. */
async function expectLikePillow(c: DamagedImage, pillow: PillowVerdict): Promise<void> {
  const mine = await dendriteVerdict(c.bytes, label(c));
  const known = knownDifferences[label(c)];
  if (known !== undefined) {
    expect(pillow.decodes, `${label(c)} is listed as a known difference but Pillow now decodes it`).toBe(false);
    expect(mine.decodes, label(c)).toBe(true);
    return;
  }
  if (pillow.decodes) expect(mine, label(c)).toEqual(pillow);
  else expect(mine.decodes, `${label(c)}: Pillow raised ${pillow.error}`).toBe(false);
}

describe('decodeImage on damaged files, against the Pillow verdicts in fixtures/damaged-images.json', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('covers truncations, stray and zeroed bytes and bad checksums of JPEG, PNG, GIF, WebP and BMP, both verdicts', () => {
    expect(new Set(cases.map((c) => c.base))).toEqual(
      new Set(['boef.jpg', 'baseline.jpg', 'image.png', 'image.gif', 'image.webp', 'rgb24.bmp', 'rle8.bmp', 'rle4.bmp']),
    );
    expect(cases.filter((c) => c.pillow.decodes).length).toBeGreaterThan(15);
    expect(cases.filter((c) => !c.pillow.decodes).length).toBeGreaterThan(15);
  });

  it('refuses boef.jpg without its end-of-image marker and with 3 stray bytes before its first scan, as Pillow (Keras load_img) does', async () => {
    for (const damage of ['no end-of-image marker', '3 stray bytes before the first scan']) {
      const c = cases.find((each) => each.base === 'boef.jpg' && each.damage === damage)!;
      expect(c.pillow.decodes).toBe(false);
      await expect(decodeImage(c.bytes, { source: label(c) })).rejects.toThrow(ImageDecodeError);
    }
  });

  it('decodes what Pillow decodes to the same pixels, and raises ImageDecodeError naming the source where Pillow raises', async () => {
    const before = tf.memory().numTensors;
    for (const c of cases) await expectLikePillow(c, c.pillow);
    expect(tf.memory().numTensors).toBe(before);
  });
});

const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';
const probe = spawnSync(python, ['-c', 'import PIL; print(PIL.__version__)'], { encoding: 'utf8' });
const livePillow = probe.status === 0 ? probe.stdout.trim() : undefined;
const skipReason =
  livePillow === undefined ? ` (skipped: '${python} -c "import PIL"' failed; set DENDRITE_KERAS_PYTHON to a Python with Pillow)` : '';
if (skipReason !== '') console.log(`decode-image-damaged live check${skipReason}`);

describe.skipIf(livePillow === undefined)(`decodeImage on damaged files, against Pillow ${livePillow ?? ''} live${skipReason}`, () => {
  it('gets the same verdicts from Pillow now as the fixture recorded, and Dendrite agrees with them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-damaged-'));
    try {
      const files = cases.map((c, i) => {
        const file = join(folder, `${i}-${c.base}`);
        writeFileSync(file, c.bytes);
        return file;
      });
      const run = spawnSync(python, [pillowScript, '--verdict', ...files], { encoding: 'utf8', maxBuffer: 2 ** 24 });
      expect(run.status, run.stderr).toBe(0);
      const verdicts = JSON.parse(run.stdout) as PillowVerdict[];
      for (const [i, c] of cases.entries()) {
        const live = verdicts[i]!;
        // A Pillow that decides otherwise than the one that made the fixture is worth knowing about.
        expect(live.decodes, `${label(c)}: Pillow ${livePillow} vs the fixture's ${pillowVersion}`).toBe(c.pillow.decodes);
        await expectLikePillow(c, live);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
