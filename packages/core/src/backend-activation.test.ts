import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { activateBackend } from './backend-activation.js';
import { startedBackend } from './tfjs-internals.js';

describe('activateBackend', () => {
  it('starts a registered backend and reuses its instance afterwards', async () => {
    expect(startedBackend('cpu')).toBeUndefined();
    await activateBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const first = tf.engine().registry['cpu'];
    await activateBackend('cpu');
    expect(tf.engine().registry['cpu']).toBe(first);
  });

  it("installs the caller's instance, and falls back to the original factory once it is disposed", async () => {
    const cpuFactory = tf.engine().registryFactory['cpu']!.factory;
    const own = await cpuFactory();
    tf.registerBackend('cpu-copy', cpuFactory);
    await activateBackend('cpu-copy', { instance: own });
    expect(tf.engine().registry['cpu-copy']).toBe(own);
    tf.engine().reset(); // disposes every backend instance
    expect(await tf.setBackend('cpu-copy')).toBe(true);
    const next = tf.engine().registry['cpu-copy'];
    expect(next).toBeDefined();
    expect(next).not.toBe(own);
    tf.removeBackend('cpu-copy');
  });

  it('says when no such backend is registered', async () => {
    await expect(activateBackend('no-such-backend')).rejects.toThrow("its package loaded but registered no 'no-such-backend' backend");
  });
});
