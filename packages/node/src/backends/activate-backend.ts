import * as tf from '@tensorflow/tfjs-core';

/**
 * Whether TensorFlow.js already holds a started instance of the backend `tfjsName` (without starting
 * one, as `tf.findBackend` would).
 *
 * @param tfjsName - the TensorFlow.js backend name
 * @returns true when an instance exists
 * @internal
 * @example
 * ```ts
 * if (hasBackendInstance('wasm')) console.log('wasm is already running');
 * ```
 */
export function hasBackendInstance(tfjsName: string): boolean {
  return Object.hasOwn(tf.engine().registry, tfjsName);
}

/**
 * Makes `tfjsName` the active TensorFlow.js backend and waits until it is ready.
 *
 * An instance that already exists is reused. Otherwise `instance` (or, without it, one made by the
 * registered factory) is installed under that name. Making the instance here, rather than leaving it
 * to `tf.setBackend`, means a failure arrives as an error with its message instead of a console
 * warning and `false`.
 *
 * @param tfjsName - the TensorFlow.js backend name, such as `'wasm'`
 * @param instance - a backend made by the caller, used when none exists yet
 * @throws Error when no such backend is registered or it cannot start
 * @internal
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-cpu');
 * await activateBackend('cpu');
 * ```
 */
export async function activateBackend(tfjsName: string, instance?: tf.KernelBackend): Promise<void> {
  if (!hasBackendInstance(tfjsName)) {
    const registration = tf.engine().registryFactory[tfjsName];
    if (registration === undefined && instance === undefined) {
      throw new Error(`TensorFlow.js has no backend named '${tfjsName}' registered`);
    }
    let made: tf.KernelBackend | undefined = instance ?? (await registration!.factory());
    if (registration !== undefined) tf.removeBackend(tfjsName);
    // The instance is handed out once; should TensorFlow.js dispose it and ask again (tf.engine().reset()),
    // the original factory makes the next one.
    const factory = (): tf.KernelBackend | Promise<tf.KernelBackend> => {
      const first = made;
      made = undefined;
      if (first !== undefined) return first;
      if (registration !== undefined) return registration.factory();
      throw new Error(`the '${tfjsName}' backend was disposed; select a backend again`);
    };
    tf.registerBackend(tfjsName, factory, registration?.priority ?? 1);
  }
  if (!(await tf.setBackend(tfjsName))) {
    throw new Error(`TensorFlow.js could not start its '${tfjsName}' backend`);
  }
  await tf.ready();
}
