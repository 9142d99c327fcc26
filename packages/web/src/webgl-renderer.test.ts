import { describe, expect, it } from 'vitest';
import { shortRendererName, softwareRendererOf, softwareWebglRenderer } from './webgl-renderer.js';

/** A stand-in for a WebGL context that reports `renderer`, with or without the debug extension. */
function fakeContext(renderer: string, withDebugInfo = true): WebGL2RenderingContext {
  const debugInfo = { UNMASKED_RENDERER_WEBGL: 0x9246 };
  return {
    RENDERER: 0x1f01,
    getExtension: (name: string) => (name === 'WEBGL_debug_renderer_info' && withDebugInfo ? debugInfo : null),
    getParameter: (parameter: number) => (parameter === (withDebugInfo ? 0x9246 : 0x1f01) ? renderer : 'masked'),
  } as unknown as WebGL2RenderingContext;
}

describe('software WebGL renderers', () => {
  it('recognises SwiftShader and llvmpipe, and not a GPU', () => {
    const swiftShader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    expect(softwareRendererOf(fakeContext(swiftShader))).toBe(swiftShader);
    expect(softwareRendererOf(fakeContext('llvmpipe (LLVM 15.0.6, 256 bits)', false))).toBe('llvmpipe (LLVM 15.0.6, 256 bits)');
    expect(softwareRendererOf(fakeContext('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)'))).toBeUndefined();
  });

  it('shortens the names of known renderers only', () => {
    expect(shortRendererName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe('SwiftShader');
    expect(shortRendererName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(shortRendererName('Some Renderer')).toBe('Some Renderer');
  });

  it('finds no renderer where there is no canvas (Node)', () => {
    expect(softwareWebglRenderer()).toBeUndefined();
  });
});
