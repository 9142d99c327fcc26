import type { KernelBackend } from '@tensorflow/tfjs-core';

// Every use of a TensorFlow.js API that is not public, in @dendrite/web, goes through this module
// (core's own, such as the engine's backend registry, go through @dendrite/core/internal). Each was
// read in the source of the version below; `tfjs-internals.test.ts` fails when the installed
// TensorFlow.js is another version, until they are checked again.
//
// 1. The webgl backend's WebGL context at `backend.gpgpu.gl`: to see a lost context, to listen for
//    `webglcontextlost` on its canvas, and to read the renderer's name.

/** The TensorFlow.js version the uses listed above were checked against. @internal */
export const checkedTfjsVersion = '4.22.0';

/**
 * The WebGL context of a backend, when it has one (the webgl backend keeps it in `gpgpu.gl`).
 *
 * @internal
 * @param backend - any TensorFlow.js backend
 * @returns its WebGL context, or undefined
 * @example
 * ```ts
 * const gl = webglContextOf(tf.backend());
 * ```
 */
export function webglContextOf(backend: KernelBackend): WebGLRenderingContext | WebGL2RenderingContext | undefined {
  const gl = (backend as unknown as { gpgpu?: { gl?: unknown } }).gpgpu?.gl;
  return typeof gl === 'object' && gl !== null && typeof (gl as WebGLRenderingContext).isContextLost === 'function'
    ? (gl as WebGLRenderingContext)
    : undefined;
}

/**
 * Whether a backend's WebGL context was lost (so the backend must be replaced).
 *
 * @internal
 */
export function isContextLost(backend: KernelBackend): boolean {
  return webglContextOf(backend)?.isContextLost() === true;
}
