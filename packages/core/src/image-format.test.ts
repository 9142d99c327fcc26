import { describe, expect, it } from 'vitest';
import { describeNonImage, sniffImageFormat } from './image-format.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('sniffImageFormat', () => {
  it('recognises the five formats by their first bytes, and nothing shorter or similar', () => {
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe1]))).toBe('jpeg');
    expect(sniffImageFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('png');
    expect(sniffImageFormat(text('GIF89a'))).toBe('gif');
    expect(sniffImageFormat(text('GIF87a'))).toBe('gif');
    expect(sniffImageFormat(text('BM6\0\0\0'))).toBe('bmp');
    expect(sniffImageFormat(text('RIFF\x10\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(text('RIFF\x10\0\0\0WAVEfmt '))).toBeUndefined();
    expect(sniffImageFormat(text('GIF88a'))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
  });
});

describe('describeNonImage', () => {
  it('names TIFF and HEIF, quotes text, and shows other bytes in hex', () => {
    expect(describeNonImage(text('II*\0abcd'))).toBe('it is a TIFF image');
    expect(describeNonImage(text('\0\0\0\x18ftypheic'))).toBe('it is a HEIF/AVIF image or an MP4-family file');
    expect(describeNonImage(text('<!DOCTYPE html>\n<html>'))).toBe('it looks like text, such as an error page, starting "<!DOCTYPE html> <html>"');
    expect(describeNonImage(new Uint8Array([0, 1, 2, 0xfe, 0xff, 5, 6, 7, 8]))).toBe('its first bytes are 00 01 02 fe ff 05 06 07');
  });
});
