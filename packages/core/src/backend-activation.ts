import * as tf from '@tensorflow/tfjs-core';
import { backendRegistration, startedBackend } from './tfjs-internals.js';
import { registerWasmGradientKernels } from './wasm-gradient-kernels.js';

/**
 * Options for {@link activateBackend}.
 *
 * @internal
 */
export interface ActivateBackendOptions {
  /** A backend made by the caller (a threaded wasm build), used when none is running yet. */
  readonly instance?: tf.KernelBackend;
  /** Whether a running instance is dead and must be replaced (a WebGL backend whose context was lost). */
  readonly isDead?: (backend: tf.KernelBackend) => boolean;
}

/**
 * Makes `name` the active TensorFlow.js backend and waits until it is ready, throwing the backend's
 * own error when it cannot start.
 *
 * `tf.setBackend` catches a failing factory, logs a console warning and returns false, and the reason
 * is lost. Here the registered factory (or the caller's `instance`) makes the backend first, so a
 * failure arrives as an error for the selection report, and the instance made is handed to the engine
 * once, so a WebGL context or a thread pool is not created twice. A running instance is reused, unless
 * `isDead` says it must be replaced. The 'wasm' backend gets the convolution gradients TensorFlow.js
 * lacks there (see `registerWasmGradientKernels`), so that it can fine-tune.
 *
 * @param name - the TensorFlow.js backend name, such as `'wasm'`
 * @param options - a ready-made instance, and a test for a dead one
 * @returns the active backend
 * @throws Error when no such backend is registered, or it cannot start
 * @internal
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-cpu');
 * await activateBackend('cpu');
 * ```
 */
export async function activateBackend(name: string, options: ActivateBackendOptions = {}): Promise<tf.KernelBackend> {
  const registration = backendRegistration(name);
  const running = startedBackend(name);
  if (running !== undefined && registration !== undefined && options.isDead?.(running) === true) {
    try {
      tf.removeBackend(name);
    } catch {
      // A dead backend can fail to free its resources; the new one does not need them.
    }
    tf.registerBackend(name, registration.factory, registration.priority);
  }
  if (startedBackend(name) === undefined) {
    if (registration === undefined && options.instance === undefined) {
      throw new Error(`its package loaded but registered no '${name}' backend`);
    }
    let made: tf.KernelBackend | undefined = options.instance ?? (await registration!.factory());
    if (registration !== undefined) tf.removeBackend(name);
    // The first call (from setBackend below) takes this instance; should TensorFlow.js dispose it and
    // ask again (tf.engine().reset()), the original factory makes the next one.
    const factory = (): tf.KernelBackend | Promise<tf.KernelBackend> => {
      const first = made;
      made = undefined;
      if (first !== undefined) return first;
      if (registration !== undefined) return registration.factory();
      throw new Error(`the '${name}' backend was disposed; select a backend again`);
    };
    tf.registerBackend(name, factory, registration?.priority ?? 1);
  }
  if (name === 'wasm') registerWasmGradientKernels();
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js could not start its '${name}' backend`);
  await tf.ready();
  return tf.backend();
}

// A 3x3 image [1..9] under a 2x2 filter of ones sums each 2x2 window; the matrix product is the
// textbook one. Both are small integers, exact in float32 (and float16), so any backend must give them.
const expectedConvolution = [12, 16, 24, 28];
const expectedProduct = [19, 22, 43, 50];

/**
 * Checks that the active backend really computes: a tiny convolution and a matrix product, compared
 * with known answers, so that a backend that starts but computes wrongly (a broken GPU driver, a
 * broken native library) is not selected. Creates no lasting tensors.
 *
 * @throws Error saying what was computed instead
 * @internal
 * @example
 * ```ts
 * await activateBackend('wasm');
 * await verifyActiveBackend();
 * ```
 */
export async function verifyActiveBackend(): Promise<void> {
  const [convolution, product] = tf.tidy(() => {
    const image = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const filter = tf.ones([2, 2, 1, 1]) as tf.Tensor4D;
    const left = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const right = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    return [tf.conv2d(image, filter, 1, 'valid'), tf.matMul(left, right)];
  });
  try {
    check('a 2x2 convolution', Array.from(await convolution.data()), expectedConvolution);
    check('a 2x2 matrix product', Array.from(await product.data()), expectedProduct);
  } finally {
    convolution.dispose();
    product.dispose();
  }
}

function check(what: string, actual: number[], expected: number[]): void {
  if (actual.length !== expected.length || actual.some((value, i) => Math.abs(value - expected[i]!) > 1e-3)) {
    throw new Error(
      `the '${tf.getBackend()}' backend computed ${what} wrongly: [${actual.join(', ')}] instead of [${expected.join(', ')}]`,
    );
  }
}
