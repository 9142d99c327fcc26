import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticFileServer, startStaticFileServer } from './static-file-server.js';

const content = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

/** Reads a response with node:http, so a truncated body is observed rather than turned into an error. */
function rawGet(url: string): Promise<{ status: number; length: string | undefined; received: number; aborted: boolean }> {
  return new Promise((done, fail) => {
    request(url, (response) => {
      let received = 0;
      let aborted = false;
      response.on('data', (chunk: Buffer) => (received += chunk.length));
      response.on('aborted', () => (aborted = true));
      response.on('error', () => (aborted = true));
      response.on('close', () => done({ status: response.statusCode ?? 0, length: response.headers['content-length'], received, aborted }));
    })
      .on('error', fail)
      .end();
  });
}

describe('startStaticFileServer', () => {
  let root: string;
  let server: StaticFileServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dendrite-server-'));
    await mkdir(join(root, 'sub'));
    await writeFile(join(root, 'sub', 'data.bin'), content);
    await writeFile(join(root, 'model.json'), '{"a":1}');
    server = await startStaticFileServer({
      root,
      routes: {
        '/missing-but-routed.txt': { body: 'hello' },
        '/broken.bin': { status: 503 },
        '/short.bin': { body: content, truncateAfterBytes: 100 },
        '/bad.bin': { body: content, corrupt: true },
      },
    });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on the loopback address and serves files under the root with their length and type', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/sub/data.bin`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1000');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(content);
    const json = await fetch(`${server.url}/model.json`);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ a: 1 });
  });

  it('answers 404 for missing files and for paths escaping the root', async () => {
    expect((await fetch(`${server.url}/nothing.bin`)).status).toBe(404);
    expect((await fetch(`${server.url}/sub`)).status).toBe(404);
    expect((await rawGet(`${server.url}/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('records the requested paths in order, without the query', async () => {
    const before = server.requests.length;
    await (await fetch(`${server.url}/model.json?v=2`)).text();
    await (await fetch(`${server.url}/missing-but-routed.txt`)).text();
    expect(server.requests.slice(before)).toEqual(['/model.json', '/missing-but-routed.txt']);
  });

  it('serves a route body, a status, a truncated body and corrupted bytes', async () => {
    expect(await (await fetch(`${server.url}/missing-but-routed.txt`)).text()).toBe('hello');
    expect((await fetch(`${server.url}/broken.bin`)).status).toBe(503);

    const short = await rawGet(`${server.url}/short.bin`);
    expect(short).toMatchObject({ status: 200, length: '1000', received: 100, aborted: true });

    const bad = new Uint8Array(await (await fetch(`${server.url}/bad.bin`)).arrayBuffer());
    expect(bad.length).toBe(content.length);
    expect(bad[0]).toBe(content[0]! ^ 0xff);
    expect(bad[1]).toBe(content[1]);
    expect(bad).not.toEqual(content);
  });

  it('delays answers, changes routes while running, and closes despite a pending delayed request', async () => {
    server.setRoute('/slow.txt', { body: 'late', delayMs: 300 });
    const started = Date.now();
    expect(await (await fetch(`${server.url}/slow.txt`)).text()).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    server.setRoute('/slow.txt', undefined);
    expect((await fetch(`${server.url}/slow.txt`)).status).toBe(404);

    const other = await startStaticFileServer({ root, routes: { '/hang': { delayMs: 60_000 } } });
    const pending = fetch(`${other.url}/hang`).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 50));
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
