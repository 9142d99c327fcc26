import { InvalidArgumentError } from './errors.js';
import { host, type AbortControllerLike } from './host-globals.js';
import { DownloadTooLargeError, NetworkError } from './io-errors.js';
import type { AbortSignalLike, ReadBytesOptions } from './platform.js';

/**
 * The part of a fetch `Response` that {@link download} reads, so that core needs no DOM or Node
 * types. A real `Response` (browser or Node 20) fits.
 *
 * @internal
 */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> };
    cancel(reason?: unknown): Promise<void>;
  } | null;
}

/** The platform's `fetch`, reduced to what {@link download} calls. @internal */
export type FetchLike = (
  url: string,
  init: { readonly signal: AbortSignalLike; readonly headers: Record<string, string> },
) => Promise<FetchResponseLike>;

/**
 * Options for {@link download}.
 *
 * @internal
 */
export interface DownloadOptions extends ReadBytesOptions {
  /** The platform's fetch. */
  readonly fetch: FetchLike;
  /** Plain words for a failure before the server answered, when the platform knows better ones. */
  readonly explainRequestFailure?: (error: unknown) => string;
}

/** No byte for this long means the connection has stalled. @internal */
export const defaultStallTimeoutMs = 60_000;
/** The size limit when neither the caller nor a registry gives one. @internal */
export const defaultMaxDownloadBytes = 2 ** 31;

/** A failure worth another try, with the words for the report if it is the last one. */
class TransientFailure extends Error {
  constructor(
    readonly reason: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** What has arrived so far, kept across attempts so that a resumed download appends. */
interface Received {
  chunks: Uint8Array[];
  loaded: number;
  /** The ETag or Last-Modified of the response the chunks came from, for If-Range. */
  validator: string | undefined;
  /** Whether the server said it serves byte ranges of this (unencoded) resource. */
  resumable: boolean;
}

/**
 * Downloads a URL with the platform's fetch: the one download both platforms use.
 *
 * It times out on a stall (no byte for `timeoutMs`), not on the total time, so a slow download that
 * keeps moving finishes. A connection reset, a stall, a body cut short and HTTP 408, 429 and 5xx are
 * retried with a doubling wait, resuming with an HTTP Range request where the server allows it.
 * More than `maxBytes` (announced or received) stops the download.
 *
 * @param url - an http(s), blob: or data: URL
 * @param options - the platform's fetch, progress, cancel, stall timeout, size limit, retries
 * @returns the bytes
 * @throws NetworkError after the last attempt (with `status` and `attempts`), or at once for HTTP
 * 4xx other than 408 and 429
 * @throws DownloadTooLargeError when the server announces or sends more than `maxBytes`
 * @internal
 * @example
 * ```ts
 * const bytes = await download('https://example.com/w.bin', { fetch: globalThis.fetch, timeoutMs: 30_000 });
 * ```
 */
export async function download(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const stallMs = positive(options.timeoutMs, defaultStallTimeoutMs, 'timeoutMs');
  const maxBytes = positive(options.maxBytes, defaultMaxDownloadBytes, 'maxBytes');
  const retries = options.retries ?? 3;
  const received: Received = { chunks: [], loaded: 0, validator: undefined, resumable: false };
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    try {
      await fetchOnce(url, received, { ...options, stallMs, maxBytes });
      return concat(received.chunks, received.loaded);
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
      if (attempt > retries) {
        const tries = attempt === 1 ? '' : ` (${attempt} attempts)`;
        throw new NetworkError(url, `${error.reason}${tries}`, { status: error.status, attempts: attempt, cause: error.cause });
      }
      await sleep((options.retryDelayMs ?? 500) * 2 ** (attempt - 1), options.signal);
    }
  }
}

async function fetchOnce(
  url: string,
  received: Received,
  options: DownloadOptions & { stallMs: number; maxBytes: number },
): Promise<void> {
  const controller = new host.AbortController();
  const forward = (): void => controller.abort(abortReason(options.signal!));
  options.signal?.addEventListener('abort', forward, { once: true });
  const stall = stallTimer(controller, options.stallMs);
  const fail = (error: unknown, when: string): unknown => {
    if (options.signal?.aborted === true) return abortReason(options.signal);
    if (stall.fired) {
      return new TransientFailure(
        `no bytes arrived for ${options.stallMs} ms ${when}; the connection stalled. Pass a larger timeoutMs for very slow links`,
        undefined,
        { cause: error },
      );
    }
    return error;
  };
  try {
    const resuming = received.loaded > 0 && received.resumable;
    const headers: Record<string, string> = {};
    if (resuming) {
      headers['range'] = `bytes=${received.loaded}-`;
      if (received.validator !== undefined) headers['if-range'] = received.validator;
    }
    let response: FetchResponseLike;
    try {
      response = await options.fetch(url, { signal: controller.signal, headers });
    } catch (error) {
      const failure = fail(error, 'before the server answered');
      if (failure !== error) throw failure;
      throw new TransientFailure(options.explainRequestFailure?.(error) ?? describeRequestFailure(error), undefined, { cause: error });
    }
    stall.reset();
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
      const reason = `the server answered HTTP ${response.status}${statusText}`;
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        throw new TransientFailure(reason, response.status);
      }
      throw new NetworkError(url, reason, { status: response.status });
    }
    const total = startBody(url, received, response, resuming, options.maxBytes);
    await readBody(url, received, response, total, options, stall, fail);
  } finally {
    stall.clear();
    options.signal?.removeEventListener('abort', forward);
  }
}

/** Checks the answer against what has arrived, resets when the server starts over, and returns the size expected in all. */
function startBody(url: string, received: Received, response: FetchResponseLike, resuming: boolean, maxBytes: number): number | undefined {
  const encoding = response.headers.get('content-encoding');
  const identity = encoding === null || encoding === 'identity';
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  let total: number | undefined;
  const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (resuming && response.status === 206 && range !== null && Number(range[1]) === received.loaded) {
    total = Number(range[2]);
  } else {
    // A full answer (the server ignored the range, or the resource changed): start over.
    received.chunks = [];
    received.loaded = 0;
    // With a Content-Encoding, Content-Length counts compressed bytes, not the ones fetch yields.
    total = identity && Number.isInteger(length) && length >= 0 ? length : undefined;
  }
  received.resumable = identity && (response.status === 206 || response.headers.get('accept-ranges') === 'bytes');
  received.validator = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
  if (total !== undefined && total > maxBytes) {
    throw new DownloadTooLargeError(url, maxBytes, `the server announced ${total} bytes`);
  }
  return total;
}

async function readBody(
  url: string,
  received: Received,
  response: FetchResponseLike,
  total: number | undefined,
  options: DownloadOptions & { maxBytes: number },
  stall: StallTimer,
  fail: (error: unknown, when: string) => unknown,
): Promise<void> {
  const report = (): void => options.onProgress?.({ source: url, loadedBytes: received.loaded, totalBytes: total });
  if (response.body === null) {
    report();
    return;
  }
  const reader = response.body.getReader();
  let chunksThisTime = 0;
  for (;;) {
    let next: { done: boolean; value?: Uint8Array };
    try {
      next = await reader.read();
    } catch (error) {
      const failure = fail(error, `after ${received.loaded} bytes`);
      if (failure !== error) throw failure;
      const why = describeRequestFailure(error);
      const reason =
        total === undefined
          ? `the connection broke after ${received.loaded} bytes (${why})`
          : `the body was truncated: ${total} bytes were announced but the connection ended after ${received.loaded} (${why})`;
      throw new TransientFailure(reason, undefined, { cause: error });
    }
    if (next.done || next.value === undefined) break;
    stall.reset();
    if (received.loaded + next.value.length > options.maxBytes) {
      await reader.cancel().catch(() => undefined);
      received.chunks = [];
      received.loaded = 0;
      throw new DownloadTooLargeError(url, options.maxBytes, `more than ${options.maxBytes} bytes arrived`);
    }
    received.chunks.push(next.value);
    received.loaded += next.value.length;
    chunksThisTime++;
    report();
  }
  if (total !== undefined && received.loaded < total) {
    throw new TransientFailure(
      `the body was truncated: ${total} bytes were announced but the connection ended after ${received.loaded}`,
    );
  }
  if (chunksThisTime === 0) report();
}

interface StallTimer {
  readonly fired: boolean;
  reset(): void;
  clear(): void;
}

function stallTimer(controller: AbortControllerLike, milliseconds: number): StallTimer {
  let handle: unknown;
  const state = {
    fired: false,
    reset(): void {
      host.clearTimeout(handle);
      // Infinity means no limit (setTimeout would treat it as "now").
      if (!Number.isFinite(milliseconds)) return;
      handle = host.setTimeout(() => {
        state.fired = true;
        controller.abort(new host.DOMException(`No bytes for ${milliseconds} ms.`, 'TimeoutError'));
      }, milliseconds);
    },
    clear(): void {
      host.clearTimeout(handle);
    },
  };
  state.reset();
  return state;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (value > 0) return value;
  throw new InvalidArgumentError(name, `must be a positive number, got ${value}`, `Pass for example ${fallback}, or leave it out.`);
}

function abortReason(signal: AbortSignalLike): unknown {
  return signal.reason ?? new host.DOMException('The read was cancelled.', 'AbortError');
}

function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted === true) throw abortReason(signal);
}

function sleep(milliseconds: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((done, fail) => {
    const wake = (): void => {
      signal?.removeEventListener('abort', cancel);
      done();
    };
    const handle = host.setTimeout(wake, milliseconds);
    const cancel = (): void => {
      host.clearTimeout(handle);
      fail(abortReason(signal!));
    };
    signal?.addEventListener('abort', cancel, { once: true });
  });
}

const errorCodeWords: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused (no server is listening at that address)',
  ECONNRESET: 'the connection was reset by the server',
  ENOTFOUND: 'the host name could not be resolved (check the spelling and your DNS or connection)',
  EAI_AGAIN: 'the host name could not be resolved for now (DNS is unreachable)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the server closed the connection',
};

/** Plain words for the low-level error codes fetch hides in its `cause` chain. */
function describeRequestFailure(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && errorCodeWords[code] !== undefined) return errorCodeWords[code];
    if (current instanceof Error && current.message !== '') messages.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return messages.length === 0 ? 'the request failed' : messages.join(': ');
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
