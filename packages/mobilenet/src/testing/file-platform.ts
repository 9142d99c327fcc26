// Test support only (never exported): a Platform whose readBytes reads paths through a function the
// test passes in (node:fs in Node tests), with an in-memory cache. Members the tests do not use throw.
import { ResourceNotFoundError } from '@dendrite/core';
import type { ByteCache, ByteSource, Platform, ReadBytesOptions } from '@dendrite/core';

export interface FilePlatformOptions {
  /** Reads a whole file; should reject when it is missing. */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Digest for cache checks; required only by tests that use checksums. */
  readonly sha256?: (bytes: Uint8Array) => Promise<string>;
  readonly offline?: boolean;
}

export interface FilePlatform extends Platform {
  /** Every source read, in order. */
  readonly reads: string[];
  /** The cache's content. */
  readonly stored: Map<string, Uint8Array>;
}

function notUsed(member: string): never {
  throw new Error(`Platform.${member} is not used in this test.`);
}

function memoryCache(stored: Map<string, Uint8Array>): ByteCache {
  return {
    location: 'memory',
    get: async (key) => stored.get(key),
    put: async (key, bytes) => {
      stored.set(key, bytes.slice());
    },
    has: async (key) => stored.has(key),
    delete: async (key) => {
      stored.delete(key);
    },
  };
}

export function createFilePlatform(options: FilePlatformOptions): FilePlatform {
  const reads: string[] = [];
  const stored = new Map<string, Uint8Array>();
  return {
    name: 'test-files',
    reads,
    stored,
    offline: options.offline ?? false,
    cache: memoryCache(stored),
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
    sha256: (bytes) => (options.sha256 === undefined ? notUsed('sha256') : options.sha256(bytes)),
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
