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

  it('releases its probe context each time', () => {
    // Browsers keep a limited number of live contexts (16 in Chromium); leaking them would show here.
    for (let i = 0; i < 40; i++) softwareWebglRenderer();
    expect(document.createElement('canvas').getContext('webgl2')).not.toBeNull();
  });
});
