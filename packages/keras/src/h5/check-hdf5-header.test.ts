import { readFileSync } from 'node:fs';
import { DendriteError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { checkHdf5Header } from './check-hdf5-header.js';
import { KerasH5FormatError } from './errors.js';

const valid = new Uint8Array(readFileSync(new URL('./fixtures/save-weights.h5', import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);

function reasonFor(bytes: Uint8Array): string {
  try {
    checkHdf5Header(bytes, 'test.h5');
  } catch (error) {
    expect(error).toBeInstanceOf(KerasH5FormatError);
    expect(DendriteError.isInstance(error)).toBe(true);
    const formatError = error as KerasH5FormatError;
    expect(formatError.source).toBe('test.h5');
    expect(formatError.code).toBe('keras-h5-format');
    expect(formatError.message).toContain(formatError.reason);
    return formatError.reason;
  }
  throw new Error('checkHdf5Header accepted the bytes');
}

describe('checkHdf5Header', () => {
  it('accepts a whole HDF5 file, also as a view into a larger buffer', () => {
    expect(() => checkHdf5Header(valid, 'test.h5')).not.toThrow();
    const padded = new Uint8Array(valid.length + 20);
    padded.set(valid, 7);
    expect(() => checkHdf5Header(padded.subarray(7, 7 + valid.length), 'test.h5')).not.toThrow();
  });

  it('names what the bytes are when they are not HDF5', () => {
    expect(reasonFor(new Uint8Array(0))).toMatch(/empty/);
    expect(reasonFor(text('{"modelTopology": {}}'))).toMatch(/JSON/);
    expect(reasonFor(text('<!DOCTYPE html><html>'))).toMatch(/HTML/);
    expect(reasonFor(text('PK\u0003\u0004config.json'))).toMatch(/zip/);
    expect(reasonFor(new Uint8Array(100).fill(7))).toMatch(/not an HDF5 file/);
  });

  it('recognises HDF5 behind a user block and says it is not supported', () => {
    const withUserBlock = new Uint8Array(512 + valid.length);
    withUserBlock.set(valid, 512);
    expect(reasonFor(withUserBlock)).toMatch(/512-byte user block/);
  });

  it('tells a cut-short file by the length its superblock gives', () => {
    expect(reasonFor(valid.subarray(0, 20))).toMatch(/cut short/);
    expect(reasonFor(valid.subarray(0, valid.length - 1))).toMatch(
      new RegExp(`cut short: it has ${valid.length - 1} bytes but its HDF5 superblock says the file has ${valid.length}`),
    );
  });

  it('rejects a superblock version it does not know', () => {
    const future = valid.slice();
    future[8] = 9;
    expect(reasonFor(future)).toMatch(/superblock \(version 9/);
  });
});
