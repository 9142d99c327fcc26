import {
  engine,
  matMul,
  registerBackend,
  removeBackend,
  setBackend,
  tensor2d,
  tidy,
  type KernelBackend,
} from '@tensorflow/tfjs-core';

/**
 * Makes `name` the active TensorFlow.js backend, throwing the backend's own error when it cannot
 * start.
 *
 * `tf.setBackend` catches a failing backend factory, logs a console warning and returns false; the
 * reason is then lost. Calling the registered factory here keeps the error for the selection report,
 * and the instance it made is handed to the engine, so a WebGL context is not created twice.
 * A registered instance whose WebGL context was lost is disposed first and a new one made.
 *
 * @internal
 * @param name - a backend whose package has been imported (and so registered it)
 * @returns the active backend instance
 * @throws Error when the package registered no such backend, its factory fails, or the engine
 * refuses it
 * @category Platform
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-cpu');
 * await activateBackend('cpu');
 * ```
 */
export async function activateBackend(name: string): Promise<KernelBackend> {
  const tfEngine = engine();
  const registration = tfEngine.registryFactory[name];
  if (registration === undefined) {
    throw new Error(`its package loaded but registered no '${name}' backend`);
  }
  const existing = tfEngine.registry[name];
  if (existing !== undefined && isContextLost(existing)) {
    // Disposing the dead backend also empties the WebGL program cache it shares with its successor.
    try {
      removeBackend(name);
    } catch {
      // A dead context can fail to free its resources; the new backend does not need them.
    }
    registerBackend(name, registration.factory, registration.priority);
  }
  if (tfEngine.registry[name] === undefined) {
    const instance = await registration.factory();
    let handedOver = false;
    removeBackend(name);
    // The first call (from setBackend below) takes this instance; later ones make new ones as usual.
    registerBackend(
      name,
      () => {
        if (handedOver) return registration.factory();
        handedOver = true;
        return instance;
      },
      registration.priority,
    );
  }
  if (!(await setBackend(name))) throw new Error(`TensorFlow.js refused to switch to '${name}'`);
  return tfEngine.backend;
}

/**
 * Runs a tiny matrix product on the active backend and checks the answer, so that a backend that
 * starts but computes wrongly (a broken GPU driver) is not selected.
 *
 * @internal
 * @throws Error describing the wrong result
 * @category Platform
 * @example
 * ```ts
 * await verifyActiveBackend();
 * ```
 */
export async function verifyActiveBackend(): Promise<void> {
  const product = tidy(() => matMul(tensor2d([1, 2, 3, 4], [2, 2]), tensor2d([5, 6, 7, 8], [2, 2])));
  let values: Float32Array | Int32Array | Uint8Array;
  try {
    values = (await product.data()) as Float32Array | Int32Array | Uint8Array;
  } finally {
    product.dispose();
  }
  const expected = [19, 22, 43, 50];
  if (values.length !== expected.length || expected.some((value, index) => Math.abs(values[index]! - value) > 1e-3)) {
    throw new Error(`a test computation gave [${Array.from(values).join(', ')}] instead of [${expected.join(', ')}]`);
  }
}

/**
 * The WebGL context of a backend, when it has one (the webgl backend keeps it in `gpgpu.gl`).
 *
 * @internal
 * @param backend - any TensorFlow.js backend
 * @returns its WebGL context, or undefined
 * @category Platform
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

function isContextLost(backend: KernelBackend): boolean {
  return webglContextOf(backend)?.isContextLost() === true;
}
