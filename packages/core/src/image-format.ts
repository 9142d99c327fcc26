import { host } from './host-globals.js';

/**
 * The image formats every Dendrite platform decodes.
 *
 * @internal
 */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

/** How each format is named in messages. @internal */
export const imageFormatNames: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
};

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

// null matches any byte (the RIFF chunk size of a WebP file).
const signatures: readonly { readonly format: ImageFormat; readonly bytes: readonly (number | null)[] }[] = [
  { format: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { format: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'gif', bytes: ascii('GIF87a') },
  { format: 'gif', bytes: ascii('GIF89a') },
  { format: 'webp', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
  { format: 'bmp', bytes: ascii('BM') },
];

const startsWith = (bytes: Uint8Array, signature: readonly (number | null)[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((value, i) => value === null || bytes[at + i] === value);

/**
 * The image format the first bytes announce (file names and Content-Types lie), or undefined.
 *
 * @param bytes - the start of a file
 * @returns the format, or undefined when the bytes start like none of them
 * @internal
 * @example
 * ```ts
 * sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])); // 'jpeg'
 * ```
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  return signatures.find((signature) => startsWith(bytes, signature.bytes))?.format;
}

/**
 * What bytes that are not a supported image look like, for an error message: another image
 * format, text (an HTML error page saved as a photo), or their first bytes in hex.
 *
 * @param bytes - the file
 * @returns words such as `it looks like text, such as an error page, starting "<!DOCTYPE html>…"`
 * @internal
 * @example
 * ```ts
 * describeNonImage(new TextEncoder().encode('<html>')); // 'it looks like text, such as an error page, starting "<html>"'
 * ```
 */
export function describeNonImage(bytes: Uint8Array): string {
  if (startsWith(bytes, ascii('II*\0')) || startsWith(bytes, ascii('MM\0*'))) return 'it is a TIFF image';
  if (startsWith(bytes, ascii('ftyp'), 4)) return 'it is a HEIF/AVIF image or an MP4-family file';
  const head = bytes.subarray(0, 40);
  const text = new host.TextDecoder('utf-8').decode(head, { stream: true });
  if (text !== '' && /^[\t\n\r\x20-\x7e\u00a0-\uffef]+$/.test(text) && !text.includes('\ufffd')) {
    const shown = text.replace(/\s+/g, ' ').trim();
    return `it looks like text, such as an error page, starting "${shown}${bytes.length > head.length ? '…' : ''}"`;
  }
  const hex = Array.from(bytes.subarray(0, 8), (value) => value.toString(16).padStart(2, '0')).join(' ');
  return `its first bytes are ${hex}`;
}
