import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.js';

describe('sha256Hex', () => {
  it('gives the FIPS 180-2 digests of "abc" and of nothing', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes only the bytes a view covers, not its whole buffer', async () => {
    const buffer = new TextEncoder().encode('xxabcxx');
    const view = new Uint8Array(buffer.buffer, 2, 3);
    expect(await sha256Hex(view)).toBe(await sha256Hex(new TextEncoder().encode('abc')));
  });
});
