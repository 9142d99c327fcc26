import { ImageDecodeError } from '@dendrite/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeImage } from './decode-image.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const pngStart = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('decodeImage outside a browser', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the source when the bytes are empty', async () => {
    const error = await rejection(decodeImage(new Uint8Array(0), { source: 'photos/empty.jpg' }));
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).source).toBe('photos/empty.jpg');
    expect((error as ImageDecodeError).reason).toMatch(/no bytes/);
  });

  it('says that Node cannot decode with it, and what to use instead', async () => {
    expect(typeof globalThis.createImageBitmap).toBe('undefined');
    const error = await rejection(decodeImage(pngStart));
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).source).toBe('12 bytes of image data');
    expect((error as Error).message).toMatch(/no createImageBitmap.*@dendrite\/node/);
  });

  it('turns a decoder failure into an ImageDecodeError that points at the likely cause', async () => {
    const failure = new DOMException('The source image could not be decoded.', 'InvalidStateError');
    vi.stubGlobal('createImageBitmap', () => Promise.reject(failure));
    const truncated = await rejection(decodeImage(pngStart, { source: 'cat.png' }));
    expect(truncated).toBeInstanceOf(ImageDecodeError);
    expect((truncated as ImageDecodeError).cause).toBe(failure);
    expect((truncated as ImageDecodeError).reason).toBe(
      'it starts like a PNG file but the browser could not decode it; it may be truncated or corrupt (The source image could not be decoded.)',
    );
    const html = await rejection(decodeImage(new TextEncoder().encode('<!DOCTYPE html><html>'), { source: 'https://example.com/cat.jpg' }));
    expect((html as ImageDecodeError).reason).toMatch(/^its format is not supported: it looks like text, such as an error page, starting "<!DOCTYPE html><html>"/);
  });
});
