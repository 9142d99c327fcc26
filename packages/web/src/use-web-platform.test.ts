import { BackendUnavailableError, getPlatform, OfflineError } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { hasPlatform } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProgressEventDetail } from './console-progress.js';
import { createWebPlatform, useWebPlatform } from './use-web-platform.js';

describe('createWebPlatform', () => {
  it('hashes with sha256', async () => {
    const platform = createWebPlatform();
    expect(platform.name).toBe('web');
    expect(await platform.sha256(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('passes offline mode to readBytes, and still reads bytes and Blobs', async () => {
    const platform = createWebPlatform({ offline: true });
    expect(platform.offline).toBe(true);
    await expect(platform.readBytes('https://example.com/model.json')).rejects.toBeInstanceOf(OfflineError);
    expect(await platform.readBytes(new Blob([new Uint8Array([1, 2])]))).toEqual(new Uint8Array([1, 2]));
  });

  it('sends progress to onProgress and lines to print (console.log by default)', () => {
    const events: ProgressEventDetail[] = [];
    const lines: string[] = [];
    const platform = createWebPlatform({ onProgress: (event) => events.push(event), print: (line) => lines.push(line) });
    const progress = platform.progress('Training', 2);
    progress.update(2, 'loss: 0.1');
    progress.done();
    expect(events.map((event) => event.type)).toEqual(['start', 'update', 'done']);
    platform.print('Epoch 1/10');
    expect(lines).toEqual(['Epoch 1/10']);

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    createWebPlatform().print('hello');
    expect(log).toHaveBeenCalledWith('hello');
    log.mockRestore();
  });

  it('caches in memory here, saying why in location', async () => {
    const platform = createWebPlatform({ cacheName: 'tests' });
    expect(platform.cache.location).toMatch(/^memory /);
    await platform.cache.put('a', new Uint8Array([3]));
    expect(await platform.cache.get('a')).toEqual(new Uint8Array([3]));
  });

  it('uses its backend options in initBackend, and lets a call override them', async () => {
    const platform = createWebPlatform({ backend: 'cpu' });
    expect((await platform.initBackend()).selected).toBe('cpu');
    expect((await platform.initBackend({ backend: 'wasm' })).selected).toBe('wasm');
    await expect(createWebPlatform({ backend: 'webgl' }).initBackend()).rejects.toBeInstanceOf(BackendUnavailableError);
  });
});

describe('useWebPlatform', () => {
  afterEach(() => clearPlatform());

  it('selects a backend, sets the platform and returns both', async () => {
    expect(hasPlatform()).toBe(false);
    const { platform, backend } = await useWebPlatform();
    expect(getPlatform()).toBe(platform);
    expect(backend.selected).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.attempts[0]).toMatchObject({ name: 'webgl', outcome: 'failed' });
  });

  it('leaves no platform set when the forced backend fails', async () => {
    await expect(useWebPlatform({ backend: 'webgpu' })).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(hasPlatform()).toBe(false);
  });
});
