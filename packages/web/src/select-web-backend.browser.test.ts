/// <reference types="vite/client" />
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectWebBackend } from './select-web-backend.js';
import type { ContextLostEvent } from './webgl-context-lost.js';
import { softwareWebglRenderer } from './webgl-renderer.js';

// Runs in a real browser (Chromium). The WebGL tests skip where the browser offers no WebGL.

const hasWebgl = (() => {
  const canvas = document.createElement('canvas');
  return canvas.getContext('webgl2') !== null || canvas.getContext('webgl') !== null;
})();

/** The folder this test server serves the wasm backend's binaries from, as a page passes it in wasmPaths. */
async function wasmFolder(): Promise<string> {
  const { default: wasmUrl } = await import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url');
  return new URL('./', new URL(wasmUrl, location.href)).href;
}

describe('selectWebBackend in a browser', () => {
  it('tries webgl first on a GPU, wasm first where WebGL is drawn in software, and computes on what it selects', async () => {
    const software = softwareWebglRenderer();
    const report = await selectWebBackend({ wasmPaths: await wasmFolder() });
    if (software === undefined) {
      expect(report.attempts.map((attempt) => attempt.name)).toEqual(['webgl', 'wasm', 'cpu']);
      if (hasWebgl) expect(report.selected).toBe('webgl');
    } else {
      expect(report.attempts.map((attempt) => attempt.name)).toEqual(['wasm', 'webgl', 'cpu']);
      expect(report.selected).toBe('wasm');
      expect(report.attempts[1]).toMatchObject({ name: 'webgl', outcome: 'skipped' });
      expect(report.attempts[1]!.reason).toMatch(/drawn in software on the CPU \(SwiftShader\).*backend: 'webgl'/);
    }
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
    expect(Array.from(await sum.data())).toEqual([4, 6]);
    sum.dispose();
  });

  it.skipIf(!hasWebgl)(`reports a lost WebGL context, and recovers when selection runs again${hasWebgl ? '' : ' (skipped: this browser offers no WebGL)'}`, async () => {
    const lost: ContextLostEvent[] = [];
    const report = await selectWebBackend({ backend: 'webgl', onContextLost: (event) => lost.push(event) });
    expect(report.selected).toBe('webgl');
    // Forced, WebGL is used even when drawn in software, and the report says so.
    const reason = report.attempts.find((attempt) => attempt.name === 'webgl')!.reason;
    if (softwareWebglRenderer() !== undefined) expect(reason).toMatch(/^WebGL 2, drawn in software on the CPU \(SwiftShader\)/);
    else expect(reason).toMatch(/^WebGL [12]/);
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGLRenderingContext } }).gpgpu.gl;
    // Chromium offers WEBGL_lose_context wherever it offers WebGL: its absence is a failure, not a pass.
    const loseContext = gl.getExtension('WEBGL_lose_context');
    expect(loseContext, 'the WEBGL_lose_context extension').not.toBeNull();
    const reported = new Promise<void>((resolve) => gl.canvas.addEventListener('webglcontextlost', () => resolve(), { once: true }));
    loseContext!.loseContext();
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

describe('selectWebBackend with wasm in a browser', () => {
  it('runs wasm from the folder given as wasmPaths, and says how many threads and why', async () => {
    const report = await selectWebBackend({ backend: 'wasm', wasmPaths: await wasmFolder() });
    expect(report.selected).toBe('wasm');
    const attempt = report.attempts.find((entry) => entry.name === 'wasm')!;
    expect(attempt.outcome).toBe('selected');
    expect(attempt.reason).toMatch(/SIMD/);
    // The test page is not cross-origin isolated, so wasm runs on one thread and the report says why.
    if (!globalThis.crossOriginIsolated && navigator.hardwareConcurrency > 1) expect(attempt.reason).toMatch(/cross-origin isolated/);
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([3, 4], [2, 1])));
    expect(Array.from(await product.data())).toEqual([11]);
    product.dispose();
  });

  it('rejects an unknown backend name before trying anything', () => {
    expect(() => selectWebBackend({ backend: 'metal' })).toThrow(/'metal' is not a backend/);
  });
});
