import { BackendUnavailableError, InvalidArgumentError, type BackendReport } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectWebBackend } from './select-web-backend.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function attempt(report: BackendReport, name: string) {
  const found = report.attempts.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no attempt for ${name}`);
  return found;
}

describe('selectWebBackend in Node', () => {
  it('reports webgl as failed with a reason, falls through to wasm, and computes correctly', async () => {
    const report = await selectWebBackend();
    expect(report.attempts.map((entry) => entry.name)).toEqual(['webgl', 'wasm', 'cpu']);
    const webgl = attempt(report, 'webgl');
    expect(webgl.outcome).toBe('failed');
    expect(webgl.reason).toMatch(/registered no 'webgl' backend.*browser/);
    expect(report.selected).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(attempt(report, 'wasm')).toMatchObject({ outcome: 'selected' });
    expect(attempt(report, 'wasm').reason).toMatch(/^1 thread, (no )?SIMD$|outside a browser/);
    expect(attempt(report, 'cpu')).toMatchObject({ outcome: 'skipped', reason: 'wasm was selected first', milliseconds: 0 });
    for (const entry of report.attempts) expect(entry.milliseconds).toBeGreaterThanOrEqual(0);

    const before = tf.memory().numTensors;
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30])));
    expect(Array.from(await sum.data())).toEqual([11, 22, 33]);
    sum.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses a forced cpu backend and reports the others as skipped', async () => {
    const report = await selectWebBackend({ backend: 'cpu' });
    expect(report.selected).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.attempts.map((entry) => [entry.name, entry.outcome])).toEqual([
      ['webgl', 'skipped'],
      ['wasm', 'skipped'],
      ['cpu', 'selected'],
    ]);
    expect(attempt(report, 'webgl').reason).toBe("not tried: 'cpu' was asked for");
  });

  it('explains why wasm runs on one thread when more were asked for', async () => {
    const report = await selectWebBackend({ backend: 'wasm', threads: 2 });
    expect(attempt(report, 'wasm').reason).toMatch(/^1 thread, tfjs-backend-wasm runs on one thread outside a browser, (no )?SIMD$/);
  });

  it('switches back and forth without leaking the verification tensors', async () => {
    await selectWebBackend({ backend: 'wasm' });
    const before = tf.memory().numTensors;
    await selectWebBackend({ backend: 'wasm' });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('throws BackendUnavailableError when forced webgl cannot start here', async () => {
    const error = await rejection(selectWebBackend({ backend: 'webgl' }));
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).backend).toBe('webgl');
    expect((error as BackendUnavailableError).reason).toMatch(/registered no 'webgl' backend/);
    expect((error as Error).message).toMatch(/WebGL enabled/);
  });

  it('reports webgpu as not installed when asked for, with how to install it', async () => {
    const error = await rejection(selectWebBackend({ backend: 'webgpu' }));
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).reason).toBe('its package is not installed');
    expect((error as Error).message).toContain('@tensorflow/tfjs-backend-webgpu');
  });

  it('uses the importWebGpu loader, reporting a failing one as failed', async () => {
    const loadError = new Error('the loader broke');
    const error = await rejection(selectWebBackend({ backend: 'webgpu', importWebGpu: () => Promise.reject(loadError) }));
    expect((error as BackendUnavailableError).reason).toBe('its package failed to load: the loader broke');
  });

  it('never tries webgpu unless asked', async () => {
    let loaded = false;
    const report = await selectWebBackend({
      importWebGpu: async () => {
        loaded = true;
      },
    });
    expect(loaded).toBe(false);
    expect(report.attempts.some((entry) => entry.name === 'webgpu')).toBe(false);
  });

  it('rejects unknown backends and bad thread counts with InvalidArgumentError', () => {
    expect(() => selectWebBackend({ backend: 'tensorflow' })).toThrow(InvalidArgumentError);
    expect(() => selectWebBackend({ backend: 'tensorflow' })).toThrow(/'webgpu', 'webgl', 'wasm', 'cpu'/);
    expect(() => selectWebBackend({ threads: 0 })).toThrow(InvalidArgumentError);
    expect(() => selectWebBackend({ threads: 1.5 })).toThrow(/threads/);
  });

  it('runs concurrent selections one after the other', async () => {
    const [first, second] = await Promise.all([selectWebBackend({ backend: 'cpu' }), selectWebBackend({ backend: 'wasm' })]);
    expect(first.selected).toBe('cpu');
    expect(second.selected).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
