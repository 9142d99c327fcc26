// Test support: a Platform that serves files from memory and "decodes" a tiny made-up format, so
// image code can be tested without a real platform, a file system or an image codec.

import type {
  BackendReport,
  ByteCache,
  ByteSource,
  DecodeImageOptions,
  Platform,
  ProgressIndicator,
  ReadBytesOptions,
} from '@dendrite/core';
import { ImageDecodeError, ResourceNotFoundError } from '@dendrite/core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

const magic = [0x46, 0x41, 0x4b, 0x45]; // "FAKE"

/**
 * Bytes that {@link FakePlatform.decodeImage} turns into a `height` x `width` RGB image whose red
 * channel is the column index, green the row index (both modulo 256) and blue `fill`.
 */
export function fakeImageBytes(width: number, height: number, fill = 0): Uint8Array {
  const bytes = new Uint8Array(9);
  bytes.set(magic, 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(4, width, true);
  view.setUint16(6, height, true);
  bytes[8] = fill;
  return bytes;
}

/** A Platform over an in-memory map of paths (or URL hrefs) to bytes. */
export class FakePlatform implements Platform {
  readonly name = 'fake';
  readonly offline = true;
  /** The `source` option of every decodeImage call, in order. */
  readonly decodedSources: (string | undefined)[] = [];
  /** How many times readBytes was called. */
  reads = 0;
  readonly cache: ByteCache;
  private readonly files: Map<string, Uint8Array>;

  constructor(files: Record<string, Uint8Array> = {}) {
    this.files = new Map(Object.entries(files));
    const store = new Map<string, Uint8Array>();
    this.cache = {
      location: 'memory',
      get: async (key) => store.get(key),
      put: async (key, bytes) => void store.set(key, bytes),
      has: async (key) => store.has(key),
      delete: async (key) => void store.delete(key),
    };
  }

  async initBackend(): Promise<BackendReport> {
    await tf.setBackend('cpu');
    return { selected: 'cpu', attempts: [{ name: 'cpu', outcome: 'selected', reason: 'fake platform', milliseconds: 0 }] };
  }

  async readBytes(source: ByteSource, options: ReadBytesOptions = {}): Promise<Uint8Array> {
    this.reads += 1;
    await Promise.resolve();
    if (options.signal?.aborted === true) throw options.signal.reason;
    if (source instanceof Uint8Array) return source;
    if (source instanceof ArrayBuffer) return new Uint8Array(source);
    if (typeof source !== 'string' && !('href' in source)) return new Uint8Array(await source.arrayBuffer());
    const key = typeof source === 'string' ? source : source.href;
    const bytes = this.files.get(key);
    if (bytes === undefined) throw new ResourceNotFoundError(key);
    return bytes;
  }

  async decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<Tensor3D> {
    this.decodedSources.push(options.source);
    await Promise.resolve();
    const source = options.source ?? 'the image bytes';
    if (bytes.length !== 9 || magic.some((byte, i) => bytes[i] !== byte)) {
      throw new ImageDecodeError(source, 'not a fake test image');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const width = view.getUint16(4, true);
    const height = view.getUint16(6, true);
    const fill = bytes[8] as number;
    const pixels = new Int32Array(height * width * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * 3;
        pixels[at] = x % 256;
        pixels[at + 1] = y % 256;
        pixels[at + 2] = fill;
      }
    }
    return tf.tensor3d(pixels, [height, width, 3], 'int32');
  }

  async sha256(): Promise<string> {
    throw new Error('FakePlatform does not compute sha256.');
  }

  progress(): ProgressIndicator {
    return { update: () => undefined, done: () => undefined };
  }

  print(): void {}
}
