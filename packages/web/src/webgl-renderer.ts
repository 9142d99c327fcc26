/** Renderer names of WebGL implementations that run on the CPU. */
const softwareRenderers = /swiftshader|llvmpipe|softpipe|software rasterizer|microsoft basic render/i;

/**
 * The renderer behind this browser's WebGL when it draws in software on the CPU (SwiftShader, as
 * Chrome uses without a usable GPU, or Mesa's llvmpipe), or undefined when it is a GPU, when the
 * browser hides the name, or when there is no WebGL here. TensorFlow.js's webgl backend on such a
 * renderer is many times slower than its wasm backend.
 *
 * The probe uses its own small context and releases it at once.
 *
 * @internal
 * @returns the renderer's name, such as `'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))'`
 * @category Platform
 * @example
 * ```ts
 * if (softwareWebglRenderer() !== undefined) console.log('WebGL runs on the CPU here');
 * ```
 */
export function softwareWebglRenderer(): string | undefined {
  const canvas = probeCanvas();
  if (canvas === undefined) return undefined;
  let gl: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  try {
    gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | WebGL2RenderingContext | null;
    return gl === null ? undefined : softwareRendererOf(gl);
  } catch {
    return undefined;
  } finally {
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/**
 * The renderer behind a WebGL context when it draws in software, or undefined.
 *
 * @internal
 * @param gl - a live WebGL context
 * @returns the renderer's name, or undefined for a GPU or a hidden name
 * @category Platform
 * @example
 * ```ts
 * const software = softwareRendererOf(canvas.getContext('webgl2')!);
 * ```
 */
export function softwareRendererOf(gl: WebGLRenderingContext | WebGL2RenderingContext): string | undefined {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL) ?? '');
  return softwareRenderers.test(renderer) ? renderer : undefined;
}

/**
 * A short name for a software renderer: `'SwiftShader'` for Chrome's, `'llvmpipe'` for Mesa's.
 *
 * @internal
 * @param renderer - the full renderer string
 * @returns the short name, or the string itself
 * @category Platform
 * @example
 * ```ts
 * shortRendererName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // 'SwiftShader'
 * ```
 */
export function shortRendererName(renderer: string): string {
  return /swiftshader/i.test(renderer) ? 'SwiftShader' : /llvmpipe/i.test(renderer) ? 'llvmpipe' : renderer;
}

function probeCanvas(): OffscreenCanvas | HTMLCanvasElement | undefined {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(1, 1);
  const scope = globalThis as { document?: Document };
  return scope.document?.createElement('canvas');
}
