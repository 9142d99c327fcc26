import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * How the test server answers one path, to simulate the failures a download must survive. Without
 * a behaviour, a path is served from the root folder (200, or 404 when the file is missing).
 *
 * @category Platform
 * @example
 * ```ts
 * const failing: RouteBehaviour = { status: 503 };
 * const truncated: RouteBehaviour = { truncateAfterBytes: 100 };
 * const slow: RouteBehaviour = { delayMs: 5_000 };
 * ```
 */
export interface RouteBehaviour {
  /** Answer with this HTTP status and a short text body instead of the content. */
  readonly status?: number;
  /** Serve these bytes (or this UTF-8 text) instead of a file from the root folder. */
  readonly body?: Uint8Array | string;
  /** Wait this long before sending the response headers. */
  readonly delayMs?: number;
  /** Announce the full Content-Length, send only this many bytes, then close the connection. */
  readonly truncateAfterBytes?: number;
  /** Announce the full Content-Length, send this many bytes, then send nothing more (until close). */
  readonly stallAfterBytes?: number;
  /** Flip every bit of the first byte and every 97th byte after it: same length, wrong content. */
  readonly corrupt?: boolean;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the body in pieces of this many bytes, one every `chunkIntervalMs`: slow, but moving. */
  readonly chunkBytes?: number;
  /** The pause between pieces when `chunkBytes` is set. Default 50 ms. */
  readonly chunkIntervalMs?: number;
  /** Announce the full Content-Length, send this many bytes, then reset the connection (TCP RST). */
  readonly resetAfterBytes?: number;
  /** Answer Range requests with 206 and say `Accept-Ranges: bytes`. */
  readonly acceptRanges?: boolean;
  /** Send the body gzip-compressed with `Content-Encoding: gzip`. */
  readonly gzip?: boolean;
  /**
   * Behave like this for the first `times` requests of the path only, then serve it plainly (with
   * `acceptRanges` kept): for failures that go away, such as one 503.
   */
  readonly times?: number;
}

/**
 * Options for {@link startStaticFileServer}.
 *
 * @category Platform
 * @example
 * ```ts
 * const options: StaticFileServerOptions = { root: 'fixtures', routes: { '/model.json': { status: 500 } } };
 * ```
 */
export interface StaticFileServerOptions {
  /** The folder whose files are served; `/a/b.bin` is `<root>/a/b.bin`. */
  readonly root: string;
  /** Behaviours by URL path (`'/model.json'`), for the paths that should not be served plainly. */
  readonly routes?: Readonly<Record<string, RouteBehaviour>>;
}

/**
 * A running test server, from {@link startStaticFileServer}.
 *
 * @category Platform
 * @example
 * ```ts
 * const server = await startStaticFileServer({ root: folder });
 * await fetch(`${server.url}/a.txt`);
 * console.log(server.requests); // ['/a.txt']
 * await server.close();
 * ```
 */
export interface StaticFileServer {
  /** The base URL, `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Every path requested so far, in order (the URL path without the query). */
  readonly requests: string[];
  /** The Range header of every request, in order (`undefined` when there was none). */
  readonly ranges: (string | undefined)[];
  /** Sets (or, with `undefined`, removes) the behaviour of one path while the server runs. */
  setRoute(path: string, behaviour: RouteBehaviour | undefined): void;
  /** Stops the server, dropping open connections and pending delayed answers. */
  close(): Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.h5': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};

/**
 * Starts an HTTP server on 127.0.0.1 at a free port that serves the files of a folder, with
 * per-path failure behaviours (status codes, truncated, reset, stalled or slow bodies, delays,
 * corrupted bytes, byte ranges, gzip, failures that go away after a few requests).
 * For tests of downloads and caches; it never listens beyond the loopback address.
 *
 * @param options - the folder to serve and the behaviours of particular paths
 * @returns the running server; call `close()` when done
 * @category Platform
 * @example
 * ```ts
 * import { startStaticFileServer } from '@dendrite/node/testing';
 *
 * const server = await startStaticFileServer({
 *   root: 'test/fixtures',
 *   routes: { '/weights.bin': { truncateAfterBytes: 10 } },
 * });
 * try {
 *   await readBytes(`${server.url}/weights.bin`); // fails: the body is truncated
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startStaticFileServer(options: StaticFileServerOptions): Promise<StaticFileServer> {
  const root = resolve(options.root);
  const routes = new Map<string, RouteBehaviour>(Object.entries(options.routes ?? {}));
  const requests: string[] = [];
  const ranges: (string | undefined)[] = [];
  const counts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const wait = (milliseconds: number): Promise<void> =>
    new Promise((done) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        done();
      }, milliseconds);
      timers.add(timer);
    });

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(path);
    ranges.push(request.headers.range);
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    const configured = routes.get(path) ?? {};
    const behaviour: RouteBehaviour =
      configured.times !== undefined && count > configured.times ? { acceptRanges: configured.acceptRanges, body: configured.body } : configured;
    if (behaviour.delayMs !== undefined) await wait(behaviour.delayMs);
    if (response.destroyed) return;
    if (behaviour.status !== undefined && behaviour.status !== 200) {
      const text = `status ${behaviour.status} for ${path}\n`;
      response.writeHead(behaviour.status, { ...behaviour.headers, 'content-type': 'text/plain; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : text);
      return;
    }
    const body = behaviour.body ?? (await readUnderRoot(root, path));
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : `no file at ${path}\n`);
      return;
    }
    let bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    if (behaviour.corrupt === true) bytes = corrupted(bytes);
    const headers: Record<string, string> = {
      'content-type': contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
    };
    let status = 200;
    if (behaviour.gzip === true) {
      bytes = gzipSync(bytes);
      headers['content-encoding'] = 'gzip';
    } else if (behaviour.acceptRanges === true) {
      headers['accept-ranges'] = 'bytes';
      headers['etag'] = '"dendrite-test"';
      const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
      if (range !== null && Number(range[1]) < bytes.length) {
        const start = Number(range[1]);
        headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
        bytes = bytes.subarray(start);
        status = 206;
      }
    }
    headers['content-length'] = String(bytes.length);
    response.writeHead(status, { ...headers, ...behaviour.headers });
    if (request.method === 'HEAD') {
      response.end();
    } else if (behaviour.truncateAfterBytes !== undefined) {
      response.write(bytes.subarray(0, behaviour.truncateAfterBytes), () => response.destroy());
    } else if (behaviour.resetAfterBytes !== undefined) {
      response.write(bytes.subarray(0, behaviour.resetAfterBytes), () => response.socket?.resetAndDestroy());
    } else if (behaviour.stallAfterBytes !== undefined) {
      response.write(bytes.subarray(0, behaviour.stallAfterBytes));
    } else if (behaviour.chunkBytes !== undefined) {
      for (let offset = 0; offset < bytes.length && !response.destroyed; offset += behaviour.chunkBytes) {
        response.write(bytes.subarray(offset, offset + behaviour.chunkBytes));
        await wait(behaviour.chunkIntervalMs ?? 50);
      }
      response.end();
    } else {
      response.end(bytes);
    }
  };

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`test server error: ${String(error)}\n`);
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      ready();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    ranges,
    setRoute(path, behaviour) {
      if (behaviour === undefined) routes.delete(path);
      else routes.set(path, behaviour);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((closed, fail) => {
        server.close((error) => (error === undefined ? closed() : fail(error)));
        server.closeAllConnections();
      });
    },
  };
}

async function readUnderRoot(root: string, path: string): Promise<Uint8Array | undefined> {
  const file = resolve(root, `.${path}`);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function corrupted(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  for (let i = 0; i < copy.length; i += 97) copy[i] = (copy[i] ?? 0) ^ 0xff;
  return copy;
}
