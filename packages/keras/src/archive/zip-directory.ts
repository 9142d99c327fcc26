import { strFromU8 } from 'fflate';
import { KerasArchiveError } from './errors.js';

/** One entry of a zip's central directory, as its headers declare it. @internal */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Where the entry's bytes start (after its local header). */
  readonly dataOffset: number;
  readonly encrypted: boolean;
}

const endSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EndSignature = 0x06064b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const unknown32 = 0xffffffff;

function uint64(view: DataView, offset: number): number {
  return Number(view.getBigUint64(offset, true));
}

function findEnd(view: DataView, source: string): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === endSignature) return offset;
  }
  throw new KerasArchiveError(
    source,
    'it has no zip end-of-directory record: it is cut short, damaged, or not a zip',
    'Download or save the file again: it is incomplete.',
  );
}

/** The entry count and the directory's place, from the end record or its zip64 twin. */
function directoryBounds(view: DataView, end: number, source: string): { count: number; offset: number; size: number } {
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  const locator = end - 20;
  if (locator >= 0 && view.getUint32(locator, true) === zip64LocatorSignature) {
    const zip64End = uint64(view, locator + 8);
    if (zip64End + 56 > view.byteLength || view.getUint32(zip64End, true) !== zip64EndSignature) {
      throw new KerasArchiveError(source, 'its zip64 end record points outside the file', 'Download or save the file again.');
    }
    count = uint64(view, zip64End + 32);
    size = uint64(view, zip64End + 40);
    offset = uint64(view, zip64End + 48);
  }
  if (offset + size > end) {
    throw new KerasArchiveError(
      source,
      `its central directory (${size} bytes at ${offset}) runs past the end of the ${view.byteLength}-byte file`,
      'Download or save the file again: it is cut short or damaged.',
    );
  }
  return { count, offset, size };
}

/** Replaces the 0xffffffff placeholders of a central entry with its zip64 extra field's values. */
function zip64Values(view: DataView, extraStart: number, extraLength: number, wanted: number[]): number[] {
  const values = [...wanted];
  for (let at = extraStart; at + 4 <= extraStart + extraLength; ) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      for (let index = 0; index < values.length; index += 1) {
        if (values[index] === unknown32 && field + 8 <= at + 4 + length) {
          values[index] = uint64(view, field);
          field += 8;
        }
      }
    }
    at += 4 + length;
  }
  return values;
}

/**
 * Reads a zip's central directory from its headers alone, checking every declared offset and
 * compressed size against the file, and stops at `maxEntries` before reading further. Nothing is
 * inflated here.
 *
 * @internal
 * @param bytes - the whole archive
 * @param source - names the file in errors
 * @param maxEntries - how many entries the archive may declare
 * @throws KerasArchiveError when the directory is missing, points outside the file, or has too many entries
 */
export function readZipDirectory(bytes: Uint8Array, source: string, maxEntries: number): ZipEntry[] {
  if (bytes.length < 22) {
    throw new KerasArchiveError(source, `it has ${bytes.length} bytes, fewer than the smallest zip`, 'Download or save the file again.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(view, source);
  const { count, offset } = directoryBounds(view, end, source);
  if (count > maxEntries) {
    throw new KerasArchiveError(
      source,
      `it declares ${count} entries; a Keras archive has a handful and the limit is ${maxEntries}`,
      'Pass a `.keras` file written by Keras, or raise `maxEntries` if you trust this file.',
    );
  }
  const entries: ZipEntry[] = [];
  let at = offset;

  for (let index = 0; index < count; index += 1) {
    if (at + 46 > end || view.getUint32(at, true) !== centralSignature) {
      throw new KerasArchiveError(source, `its central directory entry ${index} is damaged`, 'Download or save the file again.');
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const [uncompressedSize = 0, compressedSize = 0, localOffset = 0] = zip64Values(view, at + 46 + nameLength, extraLength, [
      view.getUint32(at + 24, true),
      view.getUint32(at + 20, true),
      view.getUint32(at + 42, true),
    ]);
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLength));
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== localSignature) {
      throw new KerasArchiveError(
        source,
        `the local header of entry '${name}' is missing or outside the file`,
        'Download or save the file again.',
      );
    }
    const dataOffset = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > bytes.length) {
      throw new KerasArchiveError(
        source,
        `entry '${name}' declares ${compressedSize} bytes at ${dataOffset}, past the end of the ${bytes.length}-byte file (it is cut short)`,
        'Download or save the file again: it is incomplete.',
      );
    }
    entries.push({ name, method, crc32: crc, compressedSize, uncompressedSize, dataOffset, encrypted: (flags & 1) === 1 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
