import { InvalidArgumentError, NetworkError, OfflineError, type AbortSignalLike, type BlobLike, type ByteSource, type ReadBytesOptions } from '@dendrite/core';
import { readResponseBody, type ReceivedBytes, describeValue, isBlobLike, isUrlLike } from '@dendrite/core/internal';

/** Network reads give up after this long unless `timeoutMs` says otherwise. */
const defaultTimeoutMs = 60_000;

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
 * reported once when read. A cancelled `signal` rejects with the signal's reason, as `fetch` does.
 *
 * @param source - a URL string or `URL`, a Blob or File, a Uint8Array or an ArrayBuffer
 * @param options - progress callback, cancel signal, timeout (default 60 s; `Infinity` for none), offline
 * mode, base URL
 * @returns the bytes
 * @throws {@link @dendrite/core!NetworkError} on an HTTP error status (with `status`), a failed or
 * blocked request, a timeout, or a body shorter than its Content-Length
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
      return download(url.href, options);
    case 'blob:':
    case 'data:':
      // Both live in the page itself, so offline mode does not stop them.
      return download(url.href, options);
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

async function download(url: string, options: WebReadBytesOptions): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!(timeoutMs > 0)) {
    throw new InvalidArgumentError('timeoutMs', `must be a positive number of milliseconds, got ${timeoutMs}`, 'Pass for example 60000.');
  }
  // fetch wants a real AbortSignal; this one follows the caller's signal and the timeout.
  const controller = new AbortController();
  const forward = (): void => controller.abort(options.signal === undefined ? undefined : abortReason(options.signal));
  options.signal?.addEventListener('abort', forward, { once: true });
  let timedOut = false;
  // Infinity means no time limit (setTimeout would treat it as "now").
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`No complete answer within ${timeoutMs} ms.`, 'TimeoutError'));
      }, timeoutMs)
    : undefined;

  const explain = (error: unknown, received?: ReceivedBytes): unknown => {
    if (error instanceof NetworkError) return error;
    if (timedOut) {
      const when = received === undefined ? 'before the server answered' : `after ${received.loaded} bytes`;
      return new NetworkError(url, `no complete answer within ${timeoutMs} ms (${when}); pass a larger timeoutMs for slow connections`, {
        cause: error,
      });
    }
    if (options.signal?.aborted === true) return abortReason(options.signal);
    if (received?.expected !== undefined && received.loaded < received.expected) {
      return new NetworkError(
        url,
        `the body was truncated: ${received.expected} bytes were announced but the connection ended after ${received.loaded}`,
        { cause: error },
      );
    }
    if (received !== undefined) return new NetworkError(url, `the connection failed while reading the body (${messageOf(error)})`, { cause: error });
    return new NetworkError(
      url,
      `the request failed before the server answered (${messageOf(error)}); the server may be unreachable, or the ` +
        'browser blocked it (a cross-origin request without CORS headers, or http content on an https page)',
      { cause: error },
    );
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
    options.signal?.removeEventListener('abort', forward);
  }
}



function messageOf(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current.message !== '') messages.push(current.message);
    current = current.cause;
  }
  return messages.length === 0 ? 'no details given' : messages.join(': ');
}
