import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, DendriteError, InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from './select-backend.js';

const candidateNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

// libtensorflow cannot be installed on this project's machines, so wasm is the best backend here.
describe('selectNodeBackend', () => {
  it('selects wasm by default, reports every candidate, and the backend computes correctly', async () => {
    const report = await selectNodeBackend();
    expect(report.attempts.map((a) => a.name)).toEqual(candidateNames);
    expect(report.attempts.map((a) => a.outcome)).toEqual(['not-installed', 'not-installed', 'selected', 'skipped']);
    expect(report.selected).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const wasm = report.attempts[2]!;
    expect(wasm.reason).toMatch(/^\d+ threads?, SIMD/);
    expect(wasm.milliseconds).toBeGreaterThan(0);
    expect(report.attempts[0]!.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(report.attempts[3]!).toMatchObject({ reason: 'not tried: wasm was selected first', milliseconds: 0 });

    const before = tf.memory().numTensors;
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[4], [5], [6]])).dataSync());
    expect(Array.from(product)).toEqual([32]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses exactly the backend asked for and marks the others as not tried', async () => {
    const report = await selectNodeBackend({ backend: 'cpu' });
    expect(report.selected).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.attempts.map((a) => [a.name, a.outcome])).toEqual([
      ['tensorflow-gpu', 'skipped'],
      ['tensorflow', 'skipped'],
      ['wasm', 'skipped'],
      ['cpu', 'selected'],
    ]);
    expect(report.attempts[0]!.reason).toBe("not tried: 'cpu' was asked for");
  });

  it('reuses a wasm backend that is already running instead of replacing it', async () => {
    const report = await selectNodeBackend({ backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(report.attempts[2]!.reason).toMatch(/already running$/);
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    const attempt = selectNodeBackend({ backend: 'webgl' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(
      "Invalid backend: 'webgl' is not a TensorFlow.js backend Dendrite can use in Node. " +
        "Use one of 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', or leave it out to use the fastest that works.",
    );
  });

  it.each([0, 1.5, -2, Number.NaN])('rejects threads: %s', async (threads) => {
    await expect(selectNodeBackend({ threads })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('says how to install tfjs-node when it is asked for but missing', async () => {
    const error: unknown = await selectNodeBackend({ backend: 'tensorflow' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(DendriteError.isInstance(error)).toBe(true);
    const unavailable = error as BackendUnavailableError;
    expect(unavailable.backend).toBe('tensorflow');
    expect(unavailable.reason).toBe('@tensorflow/tfjs-node is not installed');
    expect(unavailable.message).toContain(
      "The TensorFlow.js backend 'tensorflow' cannot be used: @tensorflow/tfjs-node is not installed. " +
        `Install it with \`npm install @tensorflow/tfjs-node@${tf.version_core}\``,
    );
    // A failed request leaves the previous backend active.
    expect(tf.getBackend()).toBe('wasm');
  });

  it('says how to install tfjs-node-gpu when it is asked for but missing', async () => {
    await expect(selectNodeBackend({ backend: 'tensorflow-gpu' })).rejects.toThrow(
      `npm install @tensorflow/tfjs-node-gpu@${tf.version_core}`,
    );
  });
});
