import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, NetworkError, OfflineError, ResourceNotFoundError, type AbortSignalLike, type BlobLike, type ByteSource, type ReadBytesOptions } from '@dendrite/core';
import { readResponseBody, describeValue, isBlobLike, isUrlLike } from '@dendrite/core/internal';

/** Network reads give up after this long unless `timeoutMs` says otherwise. */
const defaultTimeoutMs = 60_000;

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
 * `onProgress`; a file read reports once when done. A cancelled `signal` rejects with the signal's
 * reason, as `fetch` does.
 *
 * @param source - what to read; strings other than http(s):// and file:// URLs are paths
 * @param options - progress callback, cancel signal, network timeout (default 60 s) and offline mode
 * @returns the bytes
 * @throws {@link @dendrite/core!ResourceNotFoundError} when a file does not exist
 * @throws {@link @dendrite/core!NetworkError} on an HTTP error status (with `status`), a refused
 * connection, a timeout, or a body shorter than its Content-Length
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
    if (/^https?:\/\//i.test(source)) return download(source, options);
    if (/^file:/i.test(source)) return readLocalFile(fileUrlToPath(source), source, options);
    return readLocalFile(source, source, options);
  }
  if (isUrlLike(source)) {
    const protocol = source.protocol.toLowerCase();
    if (protocol === 'http:' || protocol === 'https:') return download(source.href, options);
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

async function download(url: string, options: NodeReadBytesOptions): Promise<Uint8Array> {
  if (options.offline === true) throw new OfflineError(url, 'offline');
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const { controller, release } = followSignal(options.signal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);

  // Errors thrown after a cancel or a timeout are about the abort, whatever their type.
  const explain = (error: unknown, received?: { loaded: number; expected: number | undefined }): unknown => {
    if (error instanceof NetworkError) return error;
    if (timedOut) {
      const progress = received === undefined ? 'before the server answered' : `after ${received.loaded} bytes`;
      return new NetworkError(url, `it timed out after ${timeoutMs} ms (${progress}); pass a larger timeoutMs for slow connections`, {
        cause: error,
      });
    }
    if (options.signal?.aborted === true) return abortReason(options.signal);
    if (received?.expected !== undefined && received.loaded < received.expected) {
      return new NetworkError(
        url,
        `the body was truncated: expected ${received.expected} bytes but received ${received.loaded} before the connection closed`,
        { cause: error },
      );
    }
    return new NetworkError(url, describeFetchFailure(error), { cause: error });
  };

  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (error) {
      throw explain(error);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
      throw new NetworkError(url, `the server answered HTTP ${response.status}${statusText}`, { status: response.status });
    }
    return await readResponseBody(url, response, options.onProgress, explain);
  } finally {
    clearTimeout(timer);
    release();
  }
}



/** Plain words for the low-level error codes fetch hides in its `cause` chain. */
function describeFetchFailure(error: unknown): string {
  const words: Readonly<Record<string, string>> = {
    ECONNREFUSED: 'the connection was refused (no server is listening at that address)',
    ECONNRESET: 'the connection was reset by the server',
    ENOTFOUND: 'the host name could not be resolved (check the spelling and your DNS or connection)',
    EAI_AGAIN: 'the host name could not be resolved for now (DNS is unreachable)',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    UND_ERR_SOCKET: 'the server closed the connection',
  };
  let messages: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && words[code] !== undefined) return words[code];
    if (current instanceof Error) messages.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  messages = messages.filter((message) => message !== '');
  return messages.length === 0 ? 'the request failed' : messages.join(': ');
}
