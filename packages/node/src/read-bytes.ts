import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  InvalidArgumentError,
  OfflineError,
  ResourceNotFoundError,
  type AbortSignalLike,
  type BlobLike,
  type ByteSource,
  type ReadBytesOptions,
} from '@dendrite/core';
import { describeValue, download, isBlobLike, isUrlLike } from '@dendrite/core/internal';

/**
 * Options for {@link readBytes}: the platform's read options plus offline mode.
 *
 * @category Platform
 * @example
 * ```ts
 * const options: NodeReadBytesOptions = { timeoutMs: 10_000, offline: false };
 * ```
 */
export interface NodeReadBytesOptions extends ReadBytesOptions {
  /** Refuse http(s) URLs with an OfflineError instead of downloading. Local files still work. */
  readonly offline?: boolean;
}

/**
 * Reads all bytes of a local path, a file:// or http(s) URL (as a string or a `URL`), a Blob, or
 * bytes already in memory (returned as they are, without a copy).
 *
 * Downloads use Node's global `fetch`, stream the body and report each chunk through
 * `onProgress`; a file read reports once when done. A download fails on a stall (no byte for
 * `timeoutMs`), not on its total time; resets, stalls, cut-short bodies and HTTP 5xx are retried,
 * resuming with a Range request where the server allows it; more than `maxBytes` is cut off. A
 * cancelled `signal` rejects with the signal's reason, as `fetch` does.
 *
 * @param source - what to read; strings other than http(s):// and file:// URLs are paths
 * @param options - progress callback, cancel signal, stall timeout (default 60 s), size limit, retries
 *   and offline mode
 * @returns the bytes
 * @throws {@link @dendrite/core!ResourceNotFoundError} when a file does not exist
 * @throws {@link @dendrite/core!NetworkError} on an HTTP error status (with `status`), a refused
 * connection, a stall, or a body shorter than its Content-Length, after the retries
 * @throws {@link @dendrite/core!DownloadTooLargeError} for more than `maxBytes`
 * @throws {@link @dendrite/core!OfflineError} for an http(s) URL when `offline` is true
 * @throws {@link @dendrite/core!InvalidArgumentError} for a directory or an unsupported URL scheme
 * @category Platform
 * @example
 * ```ts
 * const local = await readBytes('photos/boef.jpg');
 * const remote = await readBytes('https://example.com/model.json', {
 *   onProgress: ({ loadedBytes, totalBytes }) => console.log(`${loadedBytes}/${totalBytes ?? '?'}`),
 *   timeoutMs: 30_000,
 * });
 * ```
 */
export async function readBytes(source: ByteSource, options: NodeReadBytesOptions = {}): Promise<Uint8Array> {
  throwIfAborted(options.signal);
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source === 'string') {
    if (/^https?:\/\//i.test(source)) return downloadUrl(source, options);
    if (/^file:/i.test(source)) return readLocalFile(fileUrlToPath(source), source, options);
    return readLocalFile(source, source, options);
  }
  if (isUrlLike(source)) {
    const protocol = source.protocol.toLowerCase();
    if (protocol === 'http:' || protocol === 'https:') return downloadUrl(source.href, options);
    if (protocol === 'file:') return readLocalFile(fileUrlToPath(source.href), source.href, options);
    throw new InvalidArgumentError(
      'source',
      `the URL scheme '${source.protocol}' of ${source.href} cannot be read`,
      'Pass a path, a file:// or http(s):// URL, a Blob or bytes.',
    );
  }
  if (isBlobLike(source)) return readBlob(source, options);
  throw new InvalidArgumentError(
    'source',
    `expected a path, URL, Blob, Uint8Array or ArrayBuffer, got ${describeValue(source)}`,
    'Pass one of those.',
  );
}

function fileUrlToPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new InvalidArgumentError(
      'source',
      `${url} is not a valid file URL (${(error as Error).message})`,
      'Write it as file:///absolute/path, or pass the path itself.',
    );
  }
}

/** The reason a cancelled signal carries, or a standard AbortError when it has none. */
function abortReason(signal: AbortSignalLike): unknown {
  return signal.reason ?? new DOMException('The read was cancelled.', 'AbortError');
}

function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted === true) throw abortReason(signal);
}

/**
 * An AbortController that follows the caller's signal, so that Node APIs (which want a real
 * AbortSignal) can be cancelled by any AbortSignalLike. `release` detaches it.
 */
function followSignal(signal: AbortSignalLike | undefined): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  if (signal === undefined) return { controller, release: () => undefined };
  const forward = (): void => controller.abort(abortReason(signal));
  signal.addEventListener('abort', forward, { once: true });
  return { controller, release: () => signal.removeEventListener('abort', forward) };
}

async function readLocalFile(path: string, shownAs: string, options: NodeReadBytesOptions): Promise<Uint8Array> {
  const { controller, release } = followSignal(options.signal);
  let buffer: Buffer;
  try {
    buffer = await readFile(path, { signal: controller.signal });
  } catch (error) {
    throwIfAborted(options.signal);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ResourceNotFoundError(shownAs, { cause: error });
    if (code === 'EISDIR') {
      throw new InvalidArgumentError('source', `${shownAs} is a directory, not a file`, 'Pass the path of a file inside it.');
    }
    throw error;
  } finally {
    release();
  }
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  options.onProgress?.({ source: shownAs, loadedBytes: bytes.length, totalBytes: bytes.length });
  return bytes;
}

async function readBlob(blob: BlobLike, options: NodeReadBytesOptions): Promise<Uint8Array> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  throwIfAborted(options.signal);
  options.onProgress?.({ source: 'Blob', loadedBytes: bytes.length, totalBytes: bytes.length });
  return bytes;
}

function downloadUrl(url: string, options: NodeReadBytesOptions): Promise<Uint8Array> {
  if (options.offline === true) throw new OfflineError(url, 'offline');
  return download(url, { ...options, fetch: (target, init) => fetch(target, init as RequestInit) });
}
