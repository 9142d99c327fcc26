import { DownloadTooLargeError, NetworkError } from '@dendrite/core';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readBytes } from './read-bytes.js';
import { createNodePlatform } from './use-node-platform.js';
import { startStaticFileServer, type RouteBehaviour, type StaticFileServer } from './testing/static-file-server.js';

// Fault injection for the one download function (core's `download`, through Node's readBytes):
// each test serves a fault from a loopback server and asserts the outcome, the right bytes or a
// typed error naming the URL.

const content = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7 + (i >> 8)) % 256);
const fast = { retryDelayMs: 10 };

let server: StaticFileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(behaviour: RouteBehaviour): Promise<{ url: string; server: StaticFileServer }> {
  server = await startStaticFileServer({ root: '/nonexistent', routes: { '/file.bin': { body: content, ...behaviour } } });
  return { url: `${server.url}/file.bin`, server };
}

function expectContent(bytes: Uint8Array): void {
  expect(bytes.length).toBe(content.length);
  expect(Buffer.compare(bytes, content)).toBe(0);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('downloads under faults', () => {
  it('resumes a body cut short with a Range request where the server allows it', async () => {
    const { url, server } = await serve({ truncateAfterBytes: 70_000, acceptRanges: true, times: 1 });
    expectContent(await readBytes(url, fast));
    expect(server.ranges).toEqual([undefined, 'bytes=70000-']);
  });

  it('starts over when the server does not serve ranges', async () => {
    const { url, server } = await serve({ truncateAfterBytes: 70_000, times: 1 });
    expectContent(await readBytes(url, fast));
    expect(server.ranges).toEqual([undefined, undefined]);
  });

  it('gives up on a body that is always cut short with a NetworkError naming the URL and the attempts', async () => {
    const { url, server } = await serve({ truncateAfterBytes: 1_000 });
    const error = await rejection(readBytes(url, { ...fast, retries: 2 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).url).toBe(url);
    expect((error as NetworkError).attempts).toBe(3);
    expect(error.message).toMatch(/truncated|broke/);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a connection reset and resumes after the bytes already received', async () => {
    const { url, server } = await serve({ resetAfterBytes: 50_000, acceptRanges: true, times: 2 });
    expectContent(await readBytes(url, fast));
    expect(server.requests).toHaveLength(3);
    expect(server.ranges[2]).toMatch(/^bytes=\d+-$/);
  });

  it('retries HTTP 503 with backoff until the server answers', async () => {
    const { url, server } = await serve({ status: 503, times: 2 });
    const started = performance.now();
    expectContent(await readBytes(url, { retryDelayMs: 50 }));
    expect(server.requests).toHaveLength(3);
    // Waits of 50 then 100 ms: the second is doubled.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('does not retry HTTP 404, and says the status', async () => {
    const { url, server } = await serve({ status: 404 });
    const error = await rejection(readBytes(url, fast));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a stalled body after timeoutMs without bytes, resuming once the link moves again', async () => {
    const { url, server } = await serve({ stallAfterBytes: 60_000, acceptRanges: true, times: 1 });
    expectContent(await readBytes(url, { ...fast, timeoutMs: 300 }));
    expect(server.ranges).toEqual([undefined, 'bytes=60000-']);
  });

  it('fails a body that stays stalled with a NetworkError that says so and names the timeout option', async () => {
    const { url } = await serve({ stallAfterBytes: 1_000 });
    const started = performance.now();
    const error = await rejection(readBytes(url, { ...fast, timeoutMs: 200, retries: 1 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('no bytes arrived for 200 ms');
    expect(error.message).toContain('timeoutMs');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("takes the platform's timeoutMs as the default stall limit of every read", async () => {
    const { url } = await serve({ stallAfterBytes: 1_000 });
    const platform = createNodePlatform({ timeoutMs: 250, output: { write: () => true } });
    const error = await rejection(platform.readBytes(url, { retries: 0 }));
    expect(error.message).toContain('no bytes arrived for 250 ms');
  });

  it('lets a slow body that keeps moving finish, though it takes far longer than the stall timeout', async () => {
    // 200 kB in 20 kB pieces every 120 ms: about 1.2 s in all, against a 400 ms stall timeout.
    const { url } = await serve({ chunkBytes: 20_000, chunkIntervalMs: 120 });
    const started = performance.now();
    expectContent(await readBytes(url, { timeoutMs: 400, retries: 0 }));
    expect(performance.now() - started).toBeGreaterThan(1_000);
  });

  it('reads a gzip-encoded body as its decoded bytes', async () => {
    const { url } = await serve({ gzip: true });
    expect(gzipSync(content).length).toBeLessThan(content.length);
    expectContent(await readBytes(url, fast));
  });

  it('refuses a body announced over maxBytes before reading it', async () => {
    const { url, server } = await serve({});
    const error = await rejection(readBytes(url, { maxBytes: 100_000 }));
    expect(error).toBeInstanceOf(DownloadTooLargeError);
    expect((error as DownloadTooLargeError).limitBytes).toBe(100_000);
    expect(error.message).toContain('maxBytes');
    expect(server.requests).toHaveLength(1);
  });

  it('cuts off a body that sends more than maxBytes without announcing its size', async () => {
    // gzip hides the decoded size: the limit must hold on the bytes as they arrive.
    const { url } = await serve({ gzip: true });
    const error = await rejection(readBytes(url, { maxBytes: 100_000 }));
    expect(error).toBeInstanceOf(DownloadTooLargeError);
    expect(error.message).toContain('more than 100000 bytes arrived');
  });

  it('stops waiting between retries when the caller cancels', async () => {
    const { url } = await serve({ status: 503 });
    const controller = new AbortController();
    const pending = readBytes(url, { retryDelayMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 100);
    const error = await rejection(pending);
    expect(error.message).toBe('cancelled by the test');
  });
});
