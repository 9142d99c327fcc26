import { type ByteSource, type ReadBytesOptions, getPlatform } from '@dendrite/core';
import { isUrlLike } from '@dendrite/core/internal';

/**
 * A Keras file to read: a path or URL (read through the platform), or its bytes.
 *
 * @category Models
 */
export type KerasFileSource = ByteSource;

/** The name of a source in messages. @internal */
export function describeSource(source: KerasFileSource, given?: string): string {
  if (given !== undefined) return given;
  if (typeof source === 'string') return source;
  if (isUrlLike(source)) return source.href;
  return 'the given bytes';
}

/** The bytes of a source: given bytes as they are, anything else read by the platform. @internal */
export async function readSource(source: KerasFileSource, options: ReadBytesOptions): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return getPlatform().readBytes(source, options);
}

/** What kind of Keras file some bytes are, from their first bytes. @internal */
export function sniffFormat(bytes: Uint8Array): 'keras' | 'h5' | 'json' | 'unknown' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'keras';
  if (bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'h5';
  for (const byte of bytes.subarray(0, 64)) {
    if (byte === 0x7b) return 'json';
    if (![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(byte)) break;
  }
  return 'unknown';
}
