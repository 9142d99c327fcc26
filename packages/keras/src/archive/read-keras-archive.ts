import { Inflate, strFromU8 } from 'fflate';
import { crc32 } from './crc32.js';
import { KerasArchiveError } from './errors.js';
import { type ZipEntry, readZipDirectory } from './zip-directory.js';

/**
 * Limits on what a `.keras` archive may declare, checked from its zip headers before anything is
 * inflated.
 *
 * @category Models
 * @example
 * ```ts
 * const limits: KerasArchiveLimits = { maxEntries: 16, maxUnpackedRatio: 4 };
 * ```
 */
export interface KerasArchiveLimits {
  /** How many entries the archive may declare. Default 64 (Keras writes three, and assets). */
  readonly maxEntries?: number;
  /**
   * How many times the archive's size its entries may unpack to, in total. Default 20: Keras
   * stores its entries uncompressed, so a real `.keras` unpacks to about its own size, while a
   * zip bomb declares thousands of times more. Archives under 16 MiB unpacked always pass.
   */
  readonly maxUnpackedRatio?: number;
}

/** The three entries Keras's `model.save("x.keras")` writes; nothing else is read. @internal */
export interface KerasArchive {
  readonly config: string;
  readonly metadata: string | undefined;
  readonly weights: Uint8Array;
}

const alwaysAllowed = 16 * 1024 * 1024;

function checkLimits(entries: readonly ZipEntry[], size: number, source: string, limits: KerasArchiveLimits): void {
  const ratio = limits.maxUnpackedRatio ?? 20;
  const unpacked = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const allowed = Math.max(alwaysAllowed, size * ratio);
  if (unpacked > allowed) {
    throw new KerasArchiveError(
      source,
      `its entries declare ${unpacked} bytes unpacked from a ${size}-byte file (more than ${ratio} times its size): ` +
        'a zip bomb, not a Keras model',
      'Pass a `.keras` file written by Keras, or raise `maxUnpackedRatio` if you trust this file.',
    );
  }
}

/** Bytes of compressed input fed at a time: deflate expands at most 1032-fold, so about 1 MB out per step. */
const step = 1024;

/**
 * Inflates an entry into a buffer of its declared size, a little input at a time, and stops as
 * soon as the output would pass that size: a header that understates a bomb costs one step.
 */
function inflateBounded(packed: Uint8Array, entry: ZipEntry, source: string): Uint8Array {
  const out = new Uint8Array(entry.uncompressedSize);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (overflow || written + chunk.length > out.length) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  for (let at = 0; at < packed.length && !overflow; at += step) {
    inflater.push(packed.subarray(at, at + step), at + step >= packed.length);
  }
  if (overflow) {
    throw new KerasArchiveError(
      source,
      `entry '${entry.name}' inflates past the ${entry.uncompressedSize} bytes its header declares: it fails its checksum`,
      'Do not use this file: its headers do not describe its contents.',
    );
  }
  return out.subarray(0, written);
}

function unpack(bytes: Uint8Array, entry: ZipEntry, source: string): Uint8Array {
  if (entry.encrypted) throw new KerasArchiveError(source, `entry '${entry.name}' is encrypted`);
  const packed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw new KerasArchiveError(source, `stored entry '${entry.name}' declares two different sizes`);
    }
    data = packed;
  } else if (entry.method === 8) {
    try {
      data = inflateBounded(packed, entry, source);
    } catch (cause) {
      if (cause instanceof KerasArchiveError) throw cause;
      throw new KerasArchiveError(source, `entry '${entry.name}' does not inflate (${String(cause)})`, undefined, { cause });
    }
  } else {
    throw new KerasArchiveError(source, `entry '${entry.name}' uses zip compression method ${entry.method}; Keras writes stored or deflated entries`);
  }
  if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32) {
    throw new KerasArchiveError(
      source,
      `entry '${entry.name}' fails its checksum: the archive is damaged or cut short`,
      'Download or save the file again.',
    );
  }
  return data;
}

/**
 * Reads the entries Keras writes (`config.json`, `metadata.json`, `model.weights.h5`) from the
 * bytes of a `.keras` archive. The zip headers are checked against the file and the limits first;
 * only those entries are inflated, each into a buffer of its declared size, and their checksums
 * are checked.
 *
 * @internal
 * @throws KerasArchiveError for anything but an intact archive within the limits
 */
export function readKerasArchive(bytes: Uint8Array, source: string, limits: KerasArchiveLimits = {}): KerasArchive {
  const entries = readZipDirectory(bytes, source, limits.maxEntries ?? 64);
  checkLimits(entries, bytes.length, source, limits);
  const find = (name: string) => entries.find((entry) => entry.name === name);
  const config = find('config.json');
  const weights = find('model.weights.h5');
  if (config === undefined) {
    throw new KerasArchiveError(source, `it has no config.json (its entries: ${entries.map((entry) => entry.name).join(', ') || 'none'})`);
  }
  if (weights === undefined) {
    const sharded = entries.some((entry) => entry.name === 'model.weights.json');
    throw new KerasArchiveError(
      source,
      sharded ? 'its weights are split into shards (model.weights.json), which this reader does not support' : 'it has no model.weights.h5',
      sharded ? 'Save the model without `max_shard_size`.' : undefined,
    );
  }
  const metadata = find('metadata.json');

  return {
    config: strFromU8(unpack(bytes, config, source)),
    metadata: metadata === undefined ? undefined : strFromU8(unpack(bytes, metadata, source)),
    weights: unpack(bytes, weights, source),
  };
}
