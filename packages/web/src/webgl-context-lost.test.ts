import type { KernelBackend } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ContextLostEvent, stopWatchingContextLost, watchContextLost } from './webgl-context-lost.js';

/** Shaped like the webgl backend as far as the watch looks: a WebGL context at gpgpu.gl with a canvas. */
function fakeWebglBackend(): { backend: KernelBackend; canvas: EventTarget } {
  const canvas = new EventTarget();
  const backend = { gpgpu: { gl: { isContextLost: () => false, canvas } } } as unknown as KernelBackend;
  return { backend, canvas };
}

describe('watchContextLost', () => {
  afterEach(() => stopWatchingContextLost());

  it('tells the listener once, with how to recover', () => {
    const { backend, canvas } = fakeWebglBackend();
    const events: ContextLostEvent[] = [];
    expect(watchContextLost(backend, (event) => events.push(event))).toBe(true);
    const lost = new Event('webglcontextlost');
    canvas.dispatchEvent(lost);
    canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(events).toHaveLength(1);
    expect(events[0]!.backend).toBe('webgl');
    expect(events[0]!.event).toBe(lost);
    expect(events[0]!.message).toMatch(/WebGL context .* was lost.*initBackend\(\)/);
  });

  it('writes a console error when no listener was given', () => {
    const { backend, canvas } = fakeWebglBackend();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    watchContextLost(backend, undefined);
    canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(error).toHaveBeenCalledOnce();
    expect(String(error.mock.calls[0]![0])).toMatch(/was lost/);
    error.mockRestore();
  });

  it('stops watching the old canvas when a new backend is watched, and finds nothing on a non-WebGL backend', () => {
    const first = fakeWebglBackend();
    const second = fakeWebglBackend();
    const calls: string[] = [];
    watchContextLost(first.backend, () => calls.push('first'));
    watchContextLost(second.backend, () => calls.push('second'));
    first.canvas.dispatchEvent(new Event('webglcontextlost'));
    second.canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(calls).toEqual(['second']);
    expect(watchContextLost({} as KernelBackend, () => calls.push('none'))).toBe(false);
  });
});
