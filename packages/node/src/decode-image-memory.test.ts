import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBmp } from './testing/build-bmp.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'testing/measure-decode.mjs');
const packages = resolve(here, '../..');
const built = ['core', 'data', 'node'].every((name) => existsSync(join(packages, name, 'dist/index.js')));
const folder = mkdtempSync(join(tmpdir(), 'dendrite-decode-memory-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** About a gigabyte: what no accepted image may cost at its peak. */
const peakLimitMb = 1024;

interface Measured {
  readonly outcome: string;
  readonly shape?: number[];
  readonly ms: number;
  readonly peakRssMb: number;
}

/** Decodes `file` in a fresh Node process and returns how that ended, with its peak RSS. */
function measure(mode: 'decodeImage' | 'loadImage' | 'loadImage224', file: string): Measured {
  const run = spawnSync(process.execPath, [child, mode, file], { encoding: 'utf8', timeout: 120_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  const measured = JSON.parse(line) as Measured;
  console.log(
    `${mode} ${file.split('/').at(-1)}: ${measured.outcome} in ${measured.ms.toFixed(0)} ms, peak RSS ${measured.peakRssMb.toFixed(0)} MB`,
  );
  return measured;
}

/** A flat-coloured PNG: a few hundred kilobytes for a hundred megapixels. */
async function flatPng(name: string, width: number, height: number): Promise<string> {
  const file = join(folder, name);
  await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 100, b: 50 } } })
    .png({ compressionLevel: 9 })
    .toFile(file);
  return file;
}

/** An RLE8 BMP of `width` x `height` with a 256-colour palette and the given RLE codes. */
function rle8Bmp(name: string, width: number, height: number, codes: readonly number[]): string {
  const palette = Array.from({ length: 256 }, (_, i) => [i, i, i] as const);
  const file = join(folder, name);
  writeFileSync(file, buildBmp({ width, height, bitsPerPixel: 8, compression: 1, palette, data: codes }));
  return file;
}

const notBuilt = built ? '' : ' (skipped: build @dendrite/core, data and node first; the child process imports their dist)';

describe(`decoding cost, measured in a child process${notBuilt}`, () => {
  it.skipIf(!built)(
    'an 11000 x 11000 PNG loads at 224 x 224 under 1 GB peak, and decodeImage refuses it from the header',
    async () => {
      const file = await flatPng('11000x11000.png', 11_000, 11_000);
      const loaded = measure('loadImage224', file);
      expect(loaded.outcome).toBe('decoded');
      expect(loaded.shape).toEqual([224, 224, 3]);
      expect(loaded.peakRssMb).toBeLessThan(peakLimitMb);
      const tensor = measure('decodeImage', file);
      expect(tensor.outcome).toBe('ImageTooLargeError');
      expect(tensor.peakRssMb).toBeLessThan(300);
    },
    120_000,
  );

  it.skipIf(!built)(
    'the largest image decodeImage accepts (2^25 pixels) stays under 1 GB peak, as an int32 and as a float32 tensor',
    async () => {
      const file = await flatPng('8192x4096.png', 8_192, 4_096);
      for (const mode of ['decodeImage', 'loadImage'] as const) {
        const measured = measure(mode, file);
        expect(measured.outcome).toBe('decoded');
        expect(measured.shape).toEqual([4_096, 8_192, 3]);
        expect(measured.peakRssMb).toBeLessThan(peakLimitMb);
      }
    },
    120_000,
  );

  it.skipIf(!built)(
    'a 1,080-byte RLE8 BMP declaring 11585 x 11585 is refused at once, before any pixel is allocated',
    () => {
      const file = rle8Bmp('rle-bomb.bmp', 11_585, 11_585, [0, 1]);
      const loaded = measure('loadImage224', file);
      expect(loaded.outcome).toBe('ImageDecodeError');
      expect(loaded.ms).toBeLessThan(1000);
      expect(loaded.peakRssMb).toBeLessThan(300);
      expect(measure('decodeImage', file).outcome).toBe('ImageTooLargeError');
    },
    120_000,
  );

  it.skipIf(!built)(
    'an RLE8 BMP whose deltas really cover 11585 x 11585 (Pillow reads it) loads at 224 x 224 under 1 GB peak',
    () => {
      const codes: number[] = [];
      for (let position = 0; position < 11_585 * 11_585; position += 255 + 255 * 11_585) codes.push(0, 2, 255, 255);
      const file = rle8Bmp('rle-deltas.bmp', 11_585, 11_585, [...codes, 0, 1]);
      const loaded = measure('loadImage224', file);
      expect(loaded.outcome).toBe('decoded');
      expect(loaded.peakRssMb).toBeLessThan(peakLimitMb);
    },
    120_000,
  );
});
