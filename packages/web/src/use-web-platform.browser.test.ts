/// <reference types="vite/client" />
import { ChecksumMismatchError, getPlatform, OfflineError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { downloadCached } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { ProgressEventDetail } from './console-progress.js';
import { sha256Hex } from './sha256.js';
import { createWebPlatform, useWebPlatform } from './use-web-platform.js';

// Runs in a real browser (Chromium) on localhost, a secure context where Cache Storage exists. Each
// test uses its own cache, deleted at the end.

const cacheNames: string[] = [];
function freshCacheName(): string {
  const name = `dendrite-test-${Math.random().toString(36).slice(2)}`;
  cacheNames.push(name);
  return name;
}

const served = new URL('/package.json', location.href).href;

/** The folder this test server serves the wasm backend's binaries from, as a page passes it in wasmPaths. */
async function wasmFolder(): Promise<string> {
  const { default: wasmUrl } = await import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url');
  return new URL('./', new URL(wasmUrl, location.href)).href;
}

afterEach(() => {
  vi.restoreAllMocks();
  clearPlatform();
});
afterAll(async () => {
  await Promise.all(cacheNames.map((name) => caches.delete(name)));
});

describe('useWebPlatform in a browser', () => {
  it('selects a backend that computes, sets the platform and reports every candidate', async () => {
    const lines: string[] = [];
    const { platform, backend } = await useWebPlatform({
      cacheName: freshCacheName(),
      wasmPaths: await wasmFolder(),
      print: (line) => lines.push(line),
    });
    expect(getPlatform()).toBe(platform);
    expect(['webgl', 'wasm', 'cpu']).toContain(backend.selected);
    expect(tf.getBackend()).toBe(backend.selected);
    expect(backend.attempts.map((attempt) => attempt.name).sort()).toEqual(['cpu', 'wasm', 'webgl']);
    platform.print('hello');
    expect(lines).toEqual(['hello']);
  });

  it('sends progress events a page can draw', () => {
    const events: ProgressEventDetail[] = [];
    const platform = createWebPlatform({ onProgress: (event) => events.push(event) });
    const progress = platform.progress('Extracting features', 4);
    progress.update(2, 'half');
    progress.done();
    progress.update(3);
    expect(events.map((event) => [event.type, event.current, event.fraction, event.detail])).toEqual([
      ['start', 0, 0, undefined],
      ['update', 2, 0.5, 'half'],
      ['done', 2, 0.5, undefined],
    ]);
  });

  it('decodes images with the browser', async () => {
    await useWebPlatform({ backend: 'cpu', cacheName: freshCacheName() });
    const canvas = new OffscreenCanvas(2, 1);
    const context = canvas.getContext('2d')!;
    context.fillStyle = 'rgb(1, 2, 3)';
    context.fillRect(0, 0, 2, 1);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    const image = await getPlatform().decodeImage(bytes, { source: 'dot.png' });
    expect(image.shape).toEqual([1, 2, 3]);
    expect(Array.from(await image.data())).toEqual([1, 2, 3, 1, 2, 3]);
    image.dispose();
  });
});

describe('downloads cached in Cache Storage, and offline use', () => {
  it('downloads once, then serves the cache, also to an offline platform after a "reload"', async () => {
    const cacheName = freshCacheName();
    const expected = new Uint8Array(await (await fetch(served)).arrayBuffer());
    const sha256 = await sha256Hex(expected);
    setPlatform(createWebPlatform({ cacheName }));
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const first = await downloadCached(served, { cacheKey: 'files/package.json', sha256 });
    expect(first).toEqual(expected);
    expect(fetchSpy).toHaveBeenCalledTimes(1);

    // A new platform over the same cache name is what the page gets after a reload.
    setPlatform(createWebPlatform({ cacheName, offline: true }));
    const again = await downloadCached(served, { cacheKey: 'files/package.json', sha256 });
    expect(again).toEqual(expected);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    // The file, and the sha256 recorded beside it when it was written.
    expect((await (await caches.open(cacheName)).keys()).length).toBe(2);
  });

  it('offline, fails with OfflineError for what is not cached, without a request', async () => {
    setPlatform(createWebPlatform({ cacheName: freshCacheName(), offline: true }));
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await expect(downloadCached(served, { cacheKey: 'files/missing' })).rejects.toBeInstanceOf(OfflineError);
    await expect(getPlatform().readBytes(served)).rejects.toBeInstanceOf(OfflineError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('keeps nothing when the download does not match its sha256', async () => {
    const cacheName = freshCacheName();
    setPlatform(createWebPlatform({ cacheName }));
    const wrong = '0'.repeat(64);
    await expect(downloadCached(served, { cacheKey: 'files/wrong', sha256: wrong })).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(await getPlatform().cache.has('files/wrong')).toBe(false);
  });

  it('drops a cached entry that no longer matches its sha256 and downloads it again', async () => {
    const cacheName = freshCacheName();
    const expected = new Uint8Array(await (await fetch(served)).arrayBuffer());
    setPlatform(createWebPlatform({ cacheName }));
    await getPlatform().cache.put('files/stale', new Uint8Array([1, 2, 3]));
    const bytes = await downloadCached(served, { cacheKey: 'files/stale', sha256: await sha256Hex(expected) });
    expect(bytes).toEqual(expected);
    expect(await getPlatform().cache.get('files/stale')).toEqual(expected);
  });
});
