import { describe, expect, it } from 'vitest';
import { describeSource } from './source-name.js';

describe('describeSource', () => {
  it('uses paths and URLs as they are', () => {
    expect(describeSource('photos/boef.jpg', 3)).toBe('photos/boef.jpg');
    expect(describeSource(new URL('https://example.com/cat.png'))).toBe('https://example.com/cat.png');
  });

  it('describes in-memory bytes with their size and list position', () => {
    expect(describeSource(new Uint8Array(12))).toBe('in-memory image (12 bytes)');
    expect(describeSource(new ArrayBuffer(7), 4)).toBe('in-memory image (sources[4], 7 bytes)');
  });

  it("uses a File's name, or describes a nameless Blob", () => {
    const file = { name: 'upload.jpg', size: 3, arrayBuffer: async () => new ArrayBuffer(3) };
    expect(describeSource(file)).toBe('upload.jpg');
    expect(describeSource(new Blob([new Uint8Array(5)]), 0)).toBe('Blob (sources[0], 5 bytes)');
  });
});
