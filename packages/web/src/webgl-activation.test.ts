import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { activateBackend, verifyActiveBackend } from '@dendrite/core/internal';
import { isContextLost, webglContextOf } from './tfjs-internals.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('activateBackend', () => {
  afterEach(() => {
    for (const name of ['dendrite-test-broken', 'dendrite-test-cpu', 'dendrite-test-gl']) {
      if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
    }
  });

  it("surfaces a failing factory's own error instead of a console warning", async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    tf.registerBackend('dendrite-test-broken', () => {
      throw new Error('no GPU in this test');
    });
    const warn = vi.spyOn(console, 'warn');
    const error = await rejection(activateBackend('dendrite-test-broken'));
    expect((error as Error).message).toBe('no GPU in this test');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(tf.getBackend()).toBe('cpu');
  });

  it('says when a package registered no backend of that name', async () => {
    expect(((await rejection(activateBackend('dendrite-test-absent'))) as Error).message).toBe(
      "its package loaded but registered no 'dendrite-test-absent' backend",
    );
  });

  it('hands the instance the factory made to the engine, creating it once', async () => {
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    let created = 0;
    tf.registerBackend('dendrite-test-cpu', () => {
      created++;
      return new MathBackendCPU();
    });
    const backend = await activateBackend('dendrite-test-cpu');
    expect(created).toBe(1);
    expect(tf.getBackend()).toBe('dendrite-test-cpu');
    expect(tf.backend()).toBe(backend);
    expect(webglContextOf(backend)).toBeUndefined();
    await tf.setBackend('cpu');
  });
});

describe('activateBackend after a lost WebGL context', () => {
  it('disposes the dead backend and makes a new one', async () => {
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    const instances: { backend: InstanceType<typeof MathBackendCPU>; lost: boolean; disposed: boolean }[] = [];
    tf.registerBackend('dendrite-test-gl', () => {
      const backend = new MathBackendCPU();
      const entry = { backend, lost: false, disposed: false };
      // Shaped like the webgl backend, whose WebGL context lives at gpgpu.gl.
      Object.assign(backend, { gpgpu: { gl: { isContextLost: () => entry.lost, canvas: new EventTarget() } } });
      const dispose = backend.dispose.bind(backend);
      backend.dispose = () => {
        entry.disposed = true;
        dispose();
      };
      instances.push(entry);
      return backend;
    });

    const first = await activateBackend('dendrite-test-gl', { isDead: isContextLost });
    expect(webglContextOf(first)?.isContextLost()).toBe(false);
    expect(await activateBackend('dendrite-test-gl', { isDead: isContextLost })).toBe(first);
    expect(instances).toHaveLength(1);

    instances[0]!.lost = true;
    const second = await activateBackend('dendrite-test-gl', { isDead: isContextLost });
    expect(instances).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(instances[0]!.disposed).toBe(true);
    expect(tf.backend()).toBe(second);
    // A backend with no kernels registered under its name starts but cannot compute: the check says so.
    expect(((await rejection(verifyActiveBackend())) as Error).message).toMatch(/not registered for backend 'dendrite-test-gl'/);
    await tf.setBackend('cpu');
  });
});

describe('verifyActiveBackend', () => {
  it('passes on a working backend and leaves no tensor behind', async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await verifyActiveBackend();
    expect(tf.memory().numTensors).toBe(before);
  });
});
