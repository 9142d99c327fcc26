import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError, NetworkError, OfflineError, type TransferProgress } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBytes } from './fetch-bytes.js';

const content = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7 + 3) % 256);

/** Compares long byte arrays quickly (toEqual walks them element by element), naming the first difference. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  const firstDifference = actual.findIndex((byte, index) => byte !== expected[index]);
  expect(firstDifference).toBe(-1);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('readBytes over http', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      switch (request.url) {
        case '/data.bin': {
          response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length });
          // Several writes, so the body arrives in several chunks.
          for (let offset = 0; offset < content.length; offset += 50_000) response.write(content.subarray(offset, offset + 50_000));
          response.end();
          return;
        }
        case '/unsized.bin':
          response.writeHead(200, { 'content-type': 'application/octet-stream' });
          response.end(content.subarray(0, 1000));
          return;
        case '/empty.bin':
          response.writeHead(200, { 'content-length': 0 });
          response.end();
          return;
        case '/truncated.bin':
          response.writeHead(200, { 'content-length': content.length });
          response.write(content.subarray(0, 5000), () => response.socket?.destroy());
          return;
        case '/slow.bin':
          response.writeHead(200, { 'content-length': 10 });
          response.write(content.subarray(0, 2));
          return; // never finishes
        default:
          response.writeHead(404, 'Not Found', { 'content-type': 'text/plain' });
          response.end('no such file');
      }
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });

  it('downloads a URL string or URL object, reporting progress as chunks arrive', async () => {
    const events: TransferProgress[] = [];
    const bytes = await readBytes(`${base}/data.bin`, { onProgress: (event) => events.push(event) });
    expectSameBytes(bytes, content);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((event) => event.source === `${base}/data.bin` && event.totalBytes === content.length)).toBe(true);
    const loaded = events.map((event) => event.loadedBytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(loaded.at(-1)).toBe(content.length);
    expectSameBytes(await readBytes(new URL(`${base}/data.bin`)), content);
  });

  it('resolves relative URLs against baseUrl', async () => {
    expectSameBytes(await readBytes('data.bin', { baseUrl: `${base}/models/../` }), content);
  });

  it('reports an unknown total when there is no Content-Length, and one event for an empty body', async () => {
    const events: TransferProgress[] = [];
    expect(await readBytes(`${base}/unsized.bin`, { onProgress: (event) => events.push(event) })).toEqual(content.subarray(0, 1000));
    expect(events.at(-1)).toEqual({ source: `${base}/unsized.bin`, loadedBytes: 1000, totalBytes: undefined });
    const empty: TransferProgress[] = [];
    expect(await readBytes(`${base}/empty.bin`, { onProgress: (event) => empty.push(event) })).toEqual(new Uint8Array(0));
    expect(empty).toEqual([{ source: `${base}/empty.bin`, loadedBytes: 0, totalBytes: 0 }]);
  });

  it('turns HTTP 404 into a NetworkError with the status', async () => {
    const error = await rejection(readBytes(`${base}/missing.bin`));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).status).toBe(404);
    expect((error as NetworkError).url).toBe(`${base}/missing.bin`);
    expect((error as Error).message).toContain('HTTP 404 Not Found');
  });

  it('turns a body shorter than its Content-Length into a NetworkError', async () => {
    const error = await rejection(readBytes(`${base}/truncated.bin`, { retries: 0 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).status).toBeUndefined();
    expect((error as Error).message).toMatch(/truncated: 200000 bytes were announced but the connection ended after \d+/);
  });

  it('gives up after timeoutMs without bytes with a NetworkError saying so', async () => {
    const error = await rejection(readBytes(`${base}/slow.bin`, { timeoutMs: 200, retries: 0 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/no bytes arrived for 200 ms after 2 bytes/);
  });

  it('accepts Infinity as no time limit and refuses a timeout of 0', async () => {
    expectSameBytes(await readBytes(`${base}/data.bin`, { timeoutMs: Number.POSITIVE_INFINITY }), content);
    await expect(readBytes(`${base}/data.bin`, { timeoutMs: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("rejects with the signal's reason when cancelled", async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const pending = readBytes(`${base}/slow.bin`, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(pending)).toBe(reason);
    const already = new AbortController();
    already.abort(reason);
    expect(await rejection(readBytes(`${base}/data.bin`, { signal: already.signal }))).toBe(reason);
  });

  it('refuses http(s) URLs with OfflineError when offline, without a request', async () => {
    const error = await rejection(readBytes(`${base}/data.bin`, { offline: true }));
    expect(error).toBeInstanceOf(OfflineError);
    expect((error as OfflineError).url).toBe(`${base}/data.bin`);
    expect((error as Error).message).toContain('`offline`');
  });

  it('turns a refused connection into a NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const error = await rejection(readBytes(`http://127.0.0.1:${port}/x`));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/failed before the server answered/);
  });
});

describe('readBytes without a network', () => {
  it('reads a Blob, reporting it once, and names a File by its name', async () => {
    const events: TransferProgress[] = [];
    const blob = new Blob([new Uint8Array([1, 2, 3]), new Uint8Array([4])]);
    expect(await readBytes(blob, { onProgress: (event) => events.push(event), offline: true })).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(events).toEqual([{ source: 'Blob', loadedBytes: 4, totalBytes: 4 }]);
    const file = new File([new Uint8Array([9])], 'photo.jpg');
    const fileEvents: TransferProgress[] = [];
    expect(await readBytes(file, { onProgress: (event) => fileEvents.push(event) })).toEqual(new Uint8Array([9]));
    expect(fileEvents[0]!.source).toBe('photo.jpg');
  });

  it('returns bytes as given and wraps an ArrayBuffer', async () => {
    const bytes = new Uint8Array([5, 6]);
    expect(await readBytes(bytes)).toBe(bytes);
    expect(await readBytes(new Uint8Array([7, 8]).buffer)).toEqual(new Uint8Array([7, 8]));
  });

  it('reads data: URLs even offline', async () => {
    expect(await readBytes('data:application/octet-stream;base64,AQID', { offline: true })).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('explains relative URLs with no page to resolve them against, file:// URLs and other schemes', async () => {
    const relative = await rejection(readBytes('models/model.json'));
    expect(relative).toBeInstanceOf(InvalidArgumentError);
    expect((relative as Error).message).toMatch(/not an absolute URL.*baseUrl/);
    expect((await rejection(readBytes('file:///tmp/x.bin'))) as Error).toBeInstanceOf(InvalidArgumentError);
    expect(((await rejection(readBytes('file:///tmp/x.bin'))) as Error).message).toMatch(/input type="file"/);
    expect(((await rejection(readBytes('ftp://example.com/x'))) as Error).message).toMatch(/scheme 'ftp:'/);
    expect(((await rejection(readBytes(42 as unknown as string))) as Error).message).toMatch(/got number/);
  });
});
