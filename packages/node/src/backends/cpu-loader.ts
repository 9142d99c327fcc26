import * as tf from '@tensorflow/tfjs-core';
import { activateBackend } from '@dendrite/core/internal';
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
  // The cpu backend prints an advert for tfjs-node on its first tensor. The selection report already
  // says which backend runs and why, so the banner is switched off (it is checked only on first use).
  const backend = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (backend && backend.firstUse === true) backend.firstUse = false;
  return { installed: true, reason: 'plain JavaScript, 1 thread' };
};
