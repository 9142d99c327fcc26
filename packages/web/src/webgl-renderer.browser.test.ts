import { describe, expect, it } from 'vitest';
import { softwareWebglRenderer } from './webgl-renderer.js';

// Runs in a real browser (Chromium). Headless Chromium without a GPU draws WebGL with SwiftShader.

function rendererName(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = info === null ? undefined : String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

describe('softwareWebglRenderer in a browser', () => {
  it('names a SwiftShader renderer, and nothing for a GPU', () => {
    const name = rendererName();
    const found = softwareWebglRenderer();
    if (name !== undefined && /SwiftShader/.test(name)) expect(found).toBe(name);
    else expect(found).toBeUndefined();
  });

  it('releases its probe context each time', async () => {
    // Chromium keeps at most 16 live WebGL contexts and, past that, loses the oldest. A context made
    // first is the oldest, so 40 probes that each left their context alive would lose it.
    const mine = document.createElement('canvas').getContext('webgl2');
    expect(mine, 'a WebGL 2 context for the test itself').not.toBeNull();
    let lostMine = false;
    mine!.canvas.addEventListener('webglcontextlost', () => (lostMine = true));
    for (let i = 0; i < 40; i++) softwareWebglRenderer();
    // Chromium delivers the loss as an event: give it a turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ lostMine, isContextLost: mine!.isContextLost() }).toEqual({ lostMine: false, isContextLost: false });
    mine!.getExtension('WEBGL_lose_context')?.loseContext();
  });
});
