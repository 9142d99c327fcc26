// Test support only (never exported): a Platform whose readBytes reads paths through a function the
// test passes in (node:fs in Node tests), with an in-memory cache. Members the tests do not use throw.
import { ResourceNotFoundError } from '@dendrite/core';
import type { ByteCache, ByteSource, Platform, ReadBytesOptions } from '@dendrite/core';

export interface FilePlatformOptions {
  /** Reads a whole file; should reject when it is missing. */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Digest for cache checks. Default: Web Crypto's SHA-256 (the cache records one for every entry). */
  readonly sha256?: (bytes: Uint8Array) => Promise<string>;
  readonly offline?: boolean;
}

export interface FilePlatform extends Platform {
  /** Every source read, in order. */
  readonly reads: string[];
  /** The cache's entries. */
  readonly stored: Map<string, Uint8Array>;
  /** The sha256 the cache recorded for each entry (kept apart, so that `stored` lists only the files). */
  readonly digests: Map<string, Uint8Array>;
}

function notUsed(member: string): never {
  throw new Error(`Platform.${member} is not used in this test.`);
}

async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as unknown as { crypto: { subtle: { digest(name: string, data: Uint8Array): Promise<ArrayBuffer> } } }).crypto.subtle;
  return Array.from(new Uint8Array(await subtle.digest('SHA-256', bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function memoryCache(files: Map<string, Uint8Array>, digests: Map<string, Uint8Array>): ByteCache {
  const mapOf = (key: string): Map<string, Uint8Array> => (key.endsWith('.sha256') ? digests : files);
  return {
    location: 'memory',
    get: async (key) => mapOf(key).get(key),
    put: async (key, bytes) => {
      mapOf(key).set(key, bytes.slice());
    },
    has: async (key) => mapOf(key).has(key),
    delete: async (key) => {
      mapOf(key).delete(key);
    },
  };
}

export function createFilePlatform(options: FilePlatformOptions): FilePlatform {
  const reads: string[] = [];
  const stored = new Map<string, Uint8Array>();
  const digests = new Map<string, Uint8Array>();
  return {
    name: 'test-files',
    reads,
    stored,
    digests,
    offline: options.offline ?? false,
    cache: memoryCache(stored, digests),
    async readBytes(source: ByteSource, readOptions: ReadBytesOptions = {}): Promise<Uint8Array> {
      if (typeof source !== 'string') return notUsed('readBytes for non-path sources');
      reads.push(source);
      let bytes: Uint8Array;
      try {
        bytes = await options.readFile(source);
      } catch (cause) {
        throw new ResourceNotFoundError(source, { cause });
      }
      readOptions.onProgress?.({ source, loadedBytes: bytes.byteLength, totalBytes: bytes.byteLength });
      return bytes;
    },
    sha256: (bytes) => (options.sha256 ?? webCryptoSha256)(bytes),
    initBackend: () => notUsed('initBackend'),
    decodeImage: () => notUsed('decodeImage'),
    progress: () => notUsed('progress'),
    print: () => notUsed('print'),
  };
}

/** A readFile over files held in memory, for unit tests. */
export function memoryFiles(files: Record<string, Uint8Array | string>): (path: string) => Promise<Uint8Array> {
  return async (path) => {
    const content = files[path];
    if (content === undefined) throw new Error(`no such file: ${path}`);
    return typeof content === 'string' ? new Uint8Array([...content].map((c) => c.charCodeAt(0))) : content;
  };
}
