import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DendriteError,
  InvalidArgumentError,
  NetworkError,
  OfflineError,
  ResourceNotFoundError,
  type TransferProgress,
} from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBytes } from './read-bytes.js';
import { startStaticFileServer, type StaticFileServer } from './testing/static-file-server.js';

const content = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256);

/** Compares bytes natively: element-wise deep equality of 300 kB is slow. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected)).toBe(0);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ready) => probe.listen(0, '127.0.0.1', ready));
  const address = probe.address();
  await new Promise<void>((closed) => probe.close(() => closed()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('readBytes from memory and files', () => {
  let folder: string;
  let file: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-read-'));
    file = join(folder, 'data.bin');
    await writeFile(file, content);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('returns bytes as given, and wraps an ArrayBuffer or a Blob', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await readBytes(bytes)).toBe(bytes);
    expect(await readBytes(new Uint8Array([4, 5]).buffer)).toEqual(new Uint8Array([4, 5]));
    expect(await readBytes(new Blob([new Uint8Array([6, 7, 8])]))).toEqual(new Uint8Array([6, 7, 8]));
  });

  it('reads a path, a file:// string and a file URL object as a plain Uint8Array, reporting once', async () => {
    const events: TransferProgress[] = [];
    const fromPath = await readBytes(file, { onProgress: (event) => events.push(event) });
    expectSame(fromPath, content);
    expect(Object.getPrototypeOf(fromPath)).toBe(Uint8Array.prototype);
    expect(events).toEqual([{ source: file, loadedBytes: content.length, totalBytes: content.length }]);
    expectSame(await readBytes(pathToFileURL(file).href), content);
    expectSame(await readBytes(pathToFileURL(file)), content);
  });

  it('reads local files even when offline', async () => {
    expectSame(await readBytes(file, { offline: true }), content);
  });

  it('throws ResourceNotFoundError for a missing file, naming the path', async () => {
    const missing = join(folder, 'nope.jpg');
    const error = await rejection(readBytes(missing));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).source).toBe(missing);
    expect((error as Error).message).toContain(missing);
    expect(await rejection(readBytes(join(file, 'inside')))).toBeInstanceOf(ResourceNotFoundError);
    expect(await rejection(readBytes(pathToFileURL(missing)))).toBeInstanceOf(ResourceNotFoundError);
  });

  it('explains that a directory is not a file', async () => {
    const error = await rejection(readBytes(folder));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain(`${folder} is a directory, not a file`);
  });

  it('rejects unsupported URL schemes and values', async () => {
    expect(await rejection(readBytes(new URL('ftp://example.com/a.bin')))).toBeInstanceOf(InvalidArgumentError);
    expect(await rejection(readBytes(42 as unknown as string))).toBeInstanceOf(InvalidArgumentError);
  });

  it('rejects with the signal reason when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    expect(await rejection(readBytes(file, { signal: controller.signal }))).toEqual(new Error('stop'));
  });
});

describe('readBytes over http', () => {
  let folder: string;
  let server: StaticFileServer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-http-'));
    await writeFile(join(folder, 'data.bin'), content);
    await writeFile(join(folder, 'empty.bin'), new Uint8Array(0));
    server = await startStaticFileServer({
      root: folder,
      routes: {
        '/gone.bin': { status: 404 },
        '/error.bin': { status: 500 },
        '/short.bin': { body: content, truncateAfterBytes: 1000 },
        '/slow.bin': { body: content, delayMs: 5_000 },
        '/stalled.bin': { body: content, stallAfterBytes: 2000 },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('downloads a file, reporting growing progress that ends at the total', async () => {
    const events: TransferProgress[] = [];
    const url = `${server.url}/data.bin`;
    const bytes = await readBytes(url, { onProgress: (event) => events.push(event) });
    expectSame(bytes, content);
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((event) => event.source === url && event.totalBytes === content.length)).toBe(true);
    const loaded = events.map((event) => event.loadedBytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(loaded.at(-1)).toBe(content.length);
  });

  it('downloads from a URL object and an empty body', async () => {
    expectSame(await readBytes(new URL(`${server.url}/data.bin`)), content);
    expect(await readBytes(`${server.url}/empty.bin`)).toEqual(new Uint8Array(0));
  });

  it('throws NetworkError with the status for HTTP errors', async () => {
    for (const [path, status] of [
      ['/gone.bin', 404],
      ['/error.bin', 500],
    ] as const) {
      const error = await rejection(readBytes(`${server.url}${path}`));
      expect(error).toBeInstanceOf(NetworkError);
      expect(DendriteError.isInstance(error)).toBe(true);
      expect((error as NetworkError).status).toBe(status);
      expect((error as NetworkError).url).toBe(`${server.url}${path}`);
      expect((error as Error).message).toContain(`HTTP ${status}`);
    }
  });

  it('throws NetworkError saying the body was truncated, with expected and received sizes', async () => {
    const error = await rejection(readBytes(`${server.url}/short.bin`, { retries: 0 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(`truncated: ${content.length} bytes were announced but the connection ended after 1000`);
  });

  it('throws NetworkError when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/a.bin`;
    const error = await rejection(readBytes(url));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).status).toBeUndefined();
    expect((error as Error).message).toContain('connection was refused');
  });

  it('times out before the answer and while the body stalls', async () => {
    const started = Date.now();
    const before = await rejection(readBytes(`${server.url}/slow.bin`, { timeoutMs: 200, retries: 0 }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(before).toBeInstanceOf(NetworkError);
    expect((before as Error).message).toContain('no bytes arrived for 200 ms before the server answered');

    const stalled = await rejection(readBytes(`${server.url}/stalled.bin`, { timeoutMs: 300, retries: 0 }));
    expect(stalled).toBeInstanceOf(NetworkError);
    expect((stalled as Error).message).toMatch(/no bytes arrived for 300 ms after \d+ bytes/);
  });

  it('rejects with the signal reason when cancelled during a download', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    const error = await rejection(readBytes(`${server.url}/stalled.bin`, { signal: controller.signal }));
    expect(error).toEqual(new Error('user cancelled'));
    const noReason = new AbortController();
    setTimeout(() => noReason.abort(), 100);
    const aborted = await rejection(readBytes(`${server.url}/slow.bin`, { signal: noReason.signal }));
    expect((aborted as Error).name).toBe('AbortError');
  });

  it('refuses http(s) URLs when offline, naming the option, without a request', async () => {
    const before = server.requests.length;
    const error = await rejection(readBytes(`${server.url}/data.bin`, { offline: true }));
    expect(error).toBeInstanceOf(OfflineError);
    expect((error as Error).message).toContain('`offline`');
    expect(server.requests.length).toBe(before);
  });
});
