import type { TransferProgress } from './platform.js';

/**
 * The part of a fetch `Response` that {@link readResponseBody} reads, so that core needs no DOM or
 * Node types. A real `Response` (browser or Node 20) fits.
 *
 * @internal
 */
export interface ResponseLike {
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } } | null;
}

/**
 * Bytes received so far, and the Content-Length announced (when it counts what fetch yields).
 *
 * @internal
 */
export interface ReceivedBytes {
  /** Bytes received. */
  readonly loaded: number;
  /** Bytes announced, when known. */
  readonly expected: number | undefined;
}

/**
 * Reads a fetch response's body to the end, reporting progress per chunk, and fails through
 * `explain` when the stream breaks or ends before the announced Content-Length: the way both
 * platforms detect a truncated download. Each platform words the error itself.
 *
 * @internal
 */
export async function readResponseBody(
  source: string,
  response: ResponseLike,
  onProgress: ((event: TransferProgress) => void) | undefined,
  explain: (error: unknown, received: ReceivedBytes) => unknown,
): Promise<Uint8Array> {
  // With a Content-Encoding, Content-Length counts compressed bytes, not the ones fetch yields.
  const encoding = response.headers.get('content-encoding');
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const expected = (encoding === null || encoding === 'identity') && Number.isInteger(length) && length >= 0 ? length : undefined;
  const report = (loadedBytes: number): void => onProgress?.({ source, loadedBytes, totalBytes: expected });

  const chunks: Uint8Array[] = [];
  let loaded = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || value === undefined) break;
        chunks.push(value);
        loaded += value.length;
        report(loaded);
      }
    } catch (error) {
      throw explain(error, { loaded, expected });
    }
  }
  if (expected !== undefined && loaded < expected) throw explain(undefined, { loaded, expected });
  if (chunks.length === 0) report(0);
  return concatBytes(chunks, loaded);
}

function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
