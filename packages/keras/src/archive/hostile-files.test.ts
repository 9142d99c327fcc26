import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KerasH5FormatError } from '../h5/errors.js';
import { readKerasH5Weights } from '../h5/read-keras-h5-weights.js';
import { loadKerasModel } from '../load/load-keras-model.js';
import { zipBomb, zipOf } from '../testing/zip-bomb.js';
import { strToU8 } from 'fflate';
import { KerasConfigError } from '../config/errors.js';
import { crc32 } from './crc32.js';
import { KerasArchiveError } from './errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../fixtures');
const child = path.resolve(here, '../testing/measure-load.mjs');
const built = existsSync(path.resolve(here, '../../dist/index.js'));
const folder = mkdtempSync(path.join(tmpdir(), 'dendrite-hostile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Measured {
  outcome: string;
  code?: string;
  ms: number;
  peakRssMb: number;
}

/** Loads `file` in a fresh Node process and returns how that ended, with its peak RSS. */
function measure(kind: 'model' | 'h5-weights', file: string): Measured {
  const run = spawnSync(process.execPath, [child, kind, file], { encoding: 'utf8', timeout: 60_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  const measured = JSON.parse(line) as Measured;
  console.log(`${path.basename(file)}: ${measured.outcome} in ${measured.ms.toFixed(0)} ms, peak RSS ${measured.peakRssMb.toFixed(0)} MB`);
  return measured;
}

describe('hostile Keras files', () => {
  // 64 MiB of zeros deflate to about 64 KB: a thousand-fold bomb, built once for all the tests.
  const bombBytes = zipBomb(64);
  const liarBytes = zipBomb(64, 1 << 20);
  const bomb = path.join(folder, 'bomb.keras');
  const liar = path.join(folder, 'liar.keras');
  writeFileSync(bomb, bombBytes);
  writeFileSync(liar, liarBytes);

  it('a zip bomb named .keras (64 MiB of zeros in 64 KB) is refused from its headers', async () => {
    await expect(loadKerasModel(bombBytes, { name: 'bomb.keras' })).rejects.toBeInstanceOf(KerasArchiveError);
  });

  it('a zip bomb whose header understates its size is cut off at the declared size and refused', async () => {
    const error = await loadKerasModel(liarBytes, { name: 'liar.keras' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KerasArchiveError);
    expect((error as KerasArchiveError).reason).toMatch(/checksum/);
  });

  it('a .keras whose config declares a 100 GB Dense layer is refused before the model is built', async () => {
    const config = JSON.stringify({
      class_name: 'Sequential',
      config: {
        name: 'huge',
        layers: [
          { class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 100_000] } },
          { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', units: 250_000 }, build_config: { input_shape: [null, 100_000] } },
        ],
      },
    });
    const weights = new Uint8Array(readFileSync(path.join(fixtures, 'every-layer.weights.h5')));
    const entries = [
      { name: 'config.json', data: strToU8(config) },
      { name: 'model.weights.h5', data: weights },
    ].map(({ name, data }) => ({ name, data, method: 0 as const, crc: crc32(data), declaredSize: data.length }));
    const started = performance.now();
    const error = await loadKerasModel(zipOf(entries), { name: 'huge.keras' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KerasConfigError);
    expect((error as Error).message).toMatch(/declares 25000250000 parameters/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each(['forged-100gb-contiguous.h5', 'forged-100gb-chunked.h5'])('%s (declares a 100 GB dataset) is refused before any allocation', (name) => {
    const bytes = new Uint8Array(readFileSync(path.join(fixtures, name)));
    const error = (() => {
      try {
        readKerasH5Weights(bytes, { source: name });
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(KerasH5FormatError);
    // jsfive reads the low 32 bits of each dimension, so it sees 3.5e9 floats (14 GB); refused all the same.
    expect((error as KerasH5FormatError).reason).toMatch(/declares \d+ bytes, (more than a \d+-byte file|uncompressed|at offset)/);
  });

  it.skipIf(!built)('each is refused within a second with peak RSS under 300 MB, measured in a child process', () => {
    for (const [kind, file] of [
      ['model', bomb],
      ['model', liar],
      ['h5-weights', path.join(fixtures, 'forged-100gb-contiguous.h5')],
      ['h5-weights', path.join(fixtures, 'forged-100gb-chunked.h5')],
    ] as const) {
      const measured = measure(kind, file);
      expect(measured.outcome).not.toBe('loaded');
      expect(measured.code).toMatch(/^keras-/);
      expect(measured.ms).toBeLessThan(1000);
      expect(measured.peakRssMb).toBeLessThan(300);
    }
  });
});
