import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectWebBackend } from './select-web-backend.js';
import type { ContextLostEvent } from './webgl-context-lost.js';

// Runs in a real browser (Chromium). The WebGL tests skip where the browser offers no WebGL.

const hasWebgl = (() => {
  const canvas = document.createElement('canvas');
  return canvas.getContext('webgl2') !== null || canvas.getContext('webgl') !== null;
})();

describe('selectWebBackend in a browser', () => {
  it('tries webgl first and computes on what it selects', async () => {
    const report = await selectWebBackend();
    expect(report.attempts[0]!.name).toBe('webgl');
    if (hasWebgl) expect(report.selected).toBe('webgl');
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
    expect(Array.from(await sum.data())).toEqual([4, 6]);
    sum.dispose();
  });

  it.skipIf(!hasWebgl)('reports a lost WebGL context, and recovers when selection runs again', async () => {
    const lost: ContextLostEvent[] = [];
    const report = await selectWebBackend({ backend: 'webgl', onContextLost: (event) => lost.push(event) });
    expect(report.selected).toBe('webgl');
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGLRenderingContext } }).gpgpu.gl;
    const loseContext = gl.getExtension('WEBGL_lose_context');
    if (loseContext === null) return;
    const reported = new Promise<void>((resolve) => gl.canvas.addEventListener('webglcontextlost', () => resolve(), { once: true }));
    loseContext.loseContext();
    await reported;
    expect(lost).toHaveLength(1);
    expect(lost[0]!.message).toMatch(/lost/);

    const again = await selectWebBackend();
    expect(['webgl', 'wasm', 'cpu']).toContain(again.selected);
    const product = tf.tidy(() => tf.mul(tf.tensor1d([2, 3]), tf.tensor1d([4, 5])));
    expect(Array.from(await product.data())).toEqual([8, 15]);
    product.dispose();
  });
});
