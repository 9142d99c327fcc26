import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { verifyActiveBackend } from '@dendrite/core/internal';
import { loadWasmBackend } from './wasm-loader.js';

// Vitest runs each test file in its own process, so wasm has not been started yet here.
describe('loadWasmBackend', () => {
  it('starts the single-threaded build when one thread is asked for', async () => {
    const result = await loadWasmBackend({ threads: 1 });
    expect(result).toEqual({ installed: true, reason: '1 thread, SIMD' });
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    await verifyActiveBackend();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the running wasm backend when asked again with more threads', async () => {
    const result = await loadWasmBackend({ threads: 2 });
    expect(result.reason).toBe('1 thread, SIMD, already running');
  });
});
