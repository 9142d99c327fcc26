import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex, sha256HexInJavaScript } from './sha256.js';

const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const twoBlocks = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';
const twoBlockMessage = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';

describe('sha256Hex', () => {
  it('gives the FIPS 180-2 digests through Web Crypto', async () => {
    expect(globalThis.crypto?.subtle).toBeDefined();
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(abc);
    expect(await sha256Hex(new Uint8Array(0))).toBe(empty);
    expect(await sha256Hex(new TextEncoder().encode(twoBlockMessage))).toBe(twoBlocks);
  });

  it('hashes only the bytes a view covers', async () => {
    const view = new Uint8Array(new TextEncoder().encode('xxabcxx').buffer, 2, 3);
    expect(await sha256Hex(view)).toBe(abc);
  });

  it('falls back to JavaScript where crypto.subtle is missing (an insecure page)', async () => {
    vi.stubGlobal('crypto', {});
    try {
      expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(abc);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('sha256HexInJavaScript', () => {
  it('gives the FIPS 180-2 digests', () => {
    expect(sha256HexInJavaScript(new TextEncoder().encode('abc'))).toBe(abc);
    expect(sha256HexInJavaScript(new Uint8Array(0))).toBe(empty);
    expect(sha256HexInJavaScript(new TextEncoder().encode(twoBlockMessage))).toBe(twoBlocks);
  });

  it('agrees with node:crypto at every padding boundary and on a larger input', () => {
    const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 131 + 17) % 256);
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 300_000]) {
      const slice = data.subarray(0, length);
      expect(sha256HexInJavaScript(slice), `length ${length}`).toBe(createHash('sha256').update(slice).digest('hex'));
    }
  });
});
