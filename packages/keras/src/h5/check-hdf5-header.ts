import { KerasH5FormatError } from './errors.js';

const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function hasSignatureAt(bytes: Uint8Array, offset: number): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  return [...text].every((char, index) => bytes[index] === char.charCodeAt(0));
}

/** Whitespace, and the bytes of a UTF-8 byte-order mark, that may come before JSON or HTML. */
const skippable = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

function firstNonSpace(bytes: Uint8Array): string {
  for (const byte of bytes.subarray(0, 256)) if (!skippable.has(byte)) return String.fromCharCode(byte);
  return '';
}

function notHdf5(source: string, bytes: Uint8Array): KerasH5FormatError {
  if (bytes.length === 0) {
    return new KerasH5FormatError(source, 'it is empty (0 bytes)', 'Download or save the file again.');
  }
  if (startsWith(bytes, 'PK')) {
    return new KerasH5FormatError(
      source,
      'it is a zip archive (a Keras 3 `.keras` file?), not HDF5',
      'Save the model from Keras as HDF5 with `model.save("x.h5")`, or convert it to a TensorFlow.js ' +
        'layers model and pass its model.json.',
    );
  }
  const first = firstNonSpace(bytes);
  if (first === '{') {
    return new KerasH5FormatError(
      source,
      'it is JSON (a TensorFlow.js model.json?), not HDF5',
      'Load a model.json as a TensorFlow.js layers model, not as a Keras .h5 file.',
    );
  }
  if (first === '<') {
    return new KerasH5FormatError(
      source,
      'it is HTML or XML (an error page saved in place of the download?), not HDF5',
      'Check the URL or path and download the .h5 file itself.',
    );
  }
  for (let offset = 512; offset < bytes.length && offset <= 1 << 24; offset *= 2) {
    if (hasSignatureAt(bytes, offset)) {
      return new KerasH5FormatError(
        source,
        `its HDF5 data starts after a ${offset}-byte user block, which this reader does not support`,
        'Re-save the file from h5py or Keras without a user block.',
      );
    }
  }
  return new KerasH5FormatError(source, 'it is not an HDF5 file (its first 8 bytes are not the HDF5 signature)');
}

/** A version 2 superblock with 8-byte addresses; the other versions are longer. */
const smallestSuperblock = 48;

function cutShort(source: string, length: number, expected: string): KerasH5FormatError {
  return new KerasH5FormatError(
    source,
    `it is cut short: it has ${length} bytes but ${expected}`,
    'Download or save the file again: it is incomplete.',
  );
}

function readAddress(view: DataView, offset: number, size: number): number | undefined {
  if (offset + size > view.byteLength) return undefined;
  if (size === 8) return Number(view.getBigUint64(offset, true));
  if (size === 4) return view.getUint32(offset, true);
  if (size === 2) return view.getUint16(offset, true);
  return undefined;
}

/** Where the superblock keeps its base and end-of-file addresses, by superblock version. */
function addressOffsets(version: number, sizeOfOffsets: number): { base: number; end: number } | undefined {
  if (sizeOfOffsets !== 2 && sizeOfOffsets !== 4 && sizeOfOffsets !== 8) return undefined;
  if (version === 0) return { base: 24, end: 24 + 2 * sizeOfOffsets };
  if (version === 1) return { base: 28, end: 28 + 2 * sizeOfOffsets };
  if (version === 2 || version === 3) return { base: 12, end: 12 + 2 * sizeOfOffsets };
  return undefined;
}

/**
 * Checks that `bytes` start with an HDF5 superblock and are as long as that superblock says, so a
 * wrong or cut-short file fails with a message that names the problem rather than a parser error.
 *
 * @internal
 * @param bytes - the whole file
 * @param source - names the file in errors
 * @throws KerasH5FormatError when the bytes are not HDF5 or are shorter than the file they claim to be
 */
export function checkHdf5Header(bytes: Uint8Array, source: string): void {
  if (!hasSignatureAt(bytes, 0)) throw notHdf5(source, bytes);
  if (bytes.length < smallestSuperblock) throw cutShort(source, bytes.length, 'an HDF5 superblock alone is longer');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[8] ?? -1;
  const sizeOfOffsets = (version >= 2 ? bytes[9] : bytes[13]) ?? 0;
  const offsets = addressOffsets(version, sizeOfOffsets);
  if (offsets === undefined) {
    throw new KerasH5FormatError(
      source,
      `its HDF5 superblock (version ${version}, ${sizeOfOffsets}-byte addresses) is not one this reader knows`,
      'Re-save the file with h5py or Keras defaults.',
    );
  }
  const base = readAddress(view, offsets.base, sizeOfOffsets);
  const end = readAddress(view, offsets.end, sizeOfOffsets);
  if (base === undefined || end === undefined) throw cutShort(source, bytes.length, 'its HDF5 superblock is longer');
  if (base + end > bytes.length) {
    throw cutShort(source, bytes.length, `its HDF5 superblock says the file has ${base + end}`);
  }
}
