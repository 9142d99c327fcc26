import * as tf from '@tensorflow/tfjs-core';
import { activateBackend } from '@dendrite/core/internal';
import { silenceCpuAdvert } from '../tfjs-internals.js';
import type { BackendLoader } from './backend-loader.js';
import { importOptionalPackage } from './import-optional-package.js';

const packageName = '@tensorflow/tfjs-backend-cpu';

/**
 * Loads TensorFlow.js's plain JavaScript backend, `'cpu'`.
 *
 * @returns whether it was installed, and words for the report
 * @internal
 * @example
 * ```ts
 * const { reason } = await loadCpuBackend({ threads: 1 });
 * ```
 */
export const loadCpuBackend: BackendLoader = async () => {
  const imported = await importOptionalPackage<unknown>(packageName);
  if (!imported.installed) return { installed: false, reason: `${packageName} is not installed` };
  await activateBackend('cpu');
  silenceCpuAdvert(tf.findBackend('cpu'));
  return { installed: true, reason: 'plain JavaScript, 1 thread' };
};
