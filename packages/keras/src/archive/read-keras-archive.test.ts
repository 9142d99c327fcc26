import { readFileSync } from 'node:fs';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipOf } from '../testing/zip-bomb.js';
import { crc32 } from './crc32.js';
import { KerasArchiveError } from './errors.js';
import { readKerasArchive } from './read-keras-archive.js';

const keras = new Uint8Array(readFileSync(new URL('../../fixtures/basic.keras', import.meta.url)));

function stored(name: string, text: string) {
  const data = strToU8(text);
  return { name, data, method: 0 as const, crc: crc32(data), declaredSize: data.length };
}

describe('readKerasArchive', () => {
  it('reads the three entries Keras writes', () => {
    const archive = readKerasArchive(keras, 'basic.keras');
    expect(JSON.parse(archive.config)).toMatchObject({ class_name: 'Sequential' });
    expect(JSON.parse(archive.metadata ?? '{}')).toMatchObject({ keras_version: '3.15.1' });
    expect([...archive.weights.subarray(0, 4)]).toEqual([0x89, 0x48, 0x44, 0x46]);
  });

  it('refuses an archive declaring more entries than the limit before reading any', () => {
    const many = zipOf(Array.from({ length: 70 }, (_, index) => stored(`assets/${index}.txt`, 'x')));
    expect(() => readKerasArchive(many, 'many.keras')).toThrow(/declares 70 entries.*limit is 64/);
    expect(() => readKerasArchive(keras, 'basic.keras', { maxEntries: 2 })).toThrow(KerasArchiveError);
  });

  it('refuses a damaged entry by its checksum', () => {
    const config = stored('config.json', '{"class_name": "Sequential"}');
    const weights = { ...stored('model.weights.h5', 'not really hdf5'), crc: 1234 };
    expect(() => readKerasArchive(zipOf([config, weights]), 'damaged.keras')).toThrow(/model\.weights\.h5' fails its checksum/);
  });

  it('says what is missing from a zip that is not a Keras archive', () => {
    expect(() => readKerasArchive(zipOf([stored('readme.txt', 'hello')]), 'other.zip')).toThrow(
      /no config\.json \(its entries: readme\.txt\)/,
    );
    expect(() => readKerasArchive(zipOf([stored('config.json', '{}'), stored('model.weights.json', '{}')]), 'sharded.keras')).toThrow(
      /split into shards/,
    );
  });

  it('reports a file cut short, at any length', () => {
    for (const length of [10, 200, keras.length - 30]) {
      expect(() => readKerasArchive(keras.slice(0, length), 'cut.keras')).toThrow(KerasArchiveError);
    }
  });
});
