import {
  InvalidArgumentError,
  OfflineError,
  type AbortSignalLike,
  type BlobLike,
  type ByteSource,
  type ReadBytesOptions,
} from '@dendrite/core';
import { describeValue, download, isBlobLike, isUrlLike } from '@dendrite/core/internal';

/**
 * Options for the web {@link readBytes}: the platform's read options, offline mode and a base for
 * relative URLs.
 *
 * @category Platform
 * @example
 * ```ts
 * const options: WebReadBytesOptions = { offline: false, timeoutMs: 30_000, baseUrl: 'https://example.com/app/' };
 * ```
 */
export interface WebReadBytesOptions extends ReadBytesOptions {
  /** Refuse http(s) URLs with an OfflineError instead of downloading. Blobs, bytes, blob: and data: URLs still work. */
  readonly offline?: boolean;
  /** What relative URLs are resolved against. Default `document.baseURI`, else `location.href`. */
  readonly baseUrl?: string;
}

/**
 * Reads all bytes of a URL (absolute, or relative to the page), a `Blob` or `File`, or bytes already
 * in memory (returned as they are, without a copy).
 *
 * Downloads use `fetch`, stream the body and report each chunk through `onProgress`
 * (`totalBytes` is the Content-Length when the server sends one and the body is not compressed; a
 * cross-origin server must also list Content-Length in `Access-Control-Expose-Headers`). A Blob is
 * reported once when read. A download fails on a stall (no byte for `timeoutMs`), not on its total
 * time; resets, stalls, cut-short bodies and HTTP 5xx are retried, resuming with a Range request
 * where the server allows it; more than `maxBytes` is cut off. A cancelled `signal` rejects with the
 * signal's reason, as `fetch` does.
 *
 * @param source - a URL string or `URL`, a Blob or File, a Uint8Array or an ArrayBuffer
 * @param options - progress callback, cancel signal, stall timeout (default 60 s; `Infinity` for none),
 * size limit, retries, offline mode, base URL
 * @returns the bytes
 * @throws {@link @dendrite/core!NetworkError} on an HTTP error status (with `status`), a failed or
 * blocked request, a stall, or a body shorter than its Content-Length, after the retries
 * @throws {@link @dendrite/core!DownloadTooLargeError} for more than `maxBytes`
 * @throws {@link @dendrite/core!OfflineError} for an http(s) URL when `offline` is true
 * @throws {@link @dendrite/core!InvalidArgumentError} for a relative URL with no base, a file:// URL
 * or another unsupported scheme
 * @category Platform
 * @example
 * ```ts
 * const weights = await readBytes('models/mobilenet/group1-shard1of4.bin', {
 *   onProgress: ({ loadedBytes, totalBytes }) => console.log(`${loadedBytes} of ${totalBytes ?? '?'} bytes`),
 * });
 * const photo = await readBytes(fileInput.files[0]);
 * ```
 */
export async function readBytes(source: ByteSource, options: WebReadBytesOptions = {}): Promise<Uint8Array> {
  throwIfAborted(options.signal);
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source === 'string') return readUrl(resolveUrl(source, options.baseUrl), options);
  if (isUrlLike(source)) return readUrl(resolveUrl(source.href, options.baseUrl), options);
  if (isBlobLike(source)) return readBlob(source, options);
  throw new InvalidArgumentError(
    'source',
    `expected a URL, Blob, File, Uint8Array or ArrayBuffer, got ${describeValue(source)}`,
    'Pass one of those.',
  );
}

/** The page's base URL: `document.baseURI` honours a `<base>` element; workers only have `location`. */
function pageBaseUrl(): string | undefined {
  const scope = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  return scope.document?.baseURI ?? scope.location?.href;
}

function resolveUrl(text: string, baseUrl: string | undefined): URL {
  const base = baseUrl ?? pageBaseUrl();
  try {
    return new URL(text, base);
  } catch (error) {
    if (base === undefined) {
      throw new InvalidArgumentError(
        'source',
        `'${text}' is not an absolute URL and there is no page URL to resolve it against`,
        "Pass an absolute URL (https://...), or a base with the `baseUrl` option.",
      );
    }
    throw new InvalidArgumentError('source', `'${text}' is not a valid URL (${(error as Error).message})`, 'Check its spelling.');
  }
}

function readUrl(url: URL, options: WebReadBytesOptions): Promise<Uint8Array> {
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      if (options.offline === true) throw new OfflineError(url.href, 'offline');
      return downloadUrl(url.href, options);
    case 'blob:':
    case 'data:':
      // Both live in the page itself, so offline mode does not stop them.
      return downloadUrl(url.href, options);
    case 'file:':
      throw new InvalidArgumentError(
        'source',
        `${url.href} is a file:// URL, which a web page cannot read`,
        'Let the user pick the file with <input type="file"> and pass the File, or serve it over http(s).',
      );
    default:
      throw new InvalidArgumentError(
        'source',
        `the URL scheme '${url.protocol}' of ${url.href} cannot be read`,
        'Pass an http(s), blob: or data: URL, a Blob, or bytes.',
      );
  }
}

async function readBlob(blob: BlobLike, options: WebReadBytesOptions): Promise<Uint8Array> {
  const name = (blob as { name?: unknown }).name;
  const source = typeof name === 'string' && name !== '' ? name : 'Blob';
  const bytes = new Uint8Array(await blob.arrayBuffer());
  throwIfAborted(options.signal);
  options.onProgress?.({ source, loadedBytes: bytes.length, totalBytes: bytes.length });
  return bytes;
}

function abortReason(signal: AbortSignalLike): unknown {
  return signal.reason ?? new DOMException('The read was cancelled.', 'AbortError');
}

function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted === true) throw abortReason(signal);
}

function downloadUrl(url: string, options: WebReadBytesOptions): Promise<Uint8Array> {
  return download(url, {
    ...options,
    fetch: (target, init) => fetch(target, init as RequestInit),
    explainRequestFailure: (error) =>
      `the request failed before the server answered (${messageOf(error)}); the server may be unreachable, or the ` +
      'browser blocked it (a cross-origin request without CORS headers, or http content on an https page)',
  });
}

function messageOf(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current.message !== '') messages.push(current.message);
    current = current.cause;
  }
  return messages.length === 0 ? 'no details given' : messages.join(': ');
}
