import { activateBackend } from '@dendrite/core/internal';
import type { BackendLoader } from './backend-loader.js';
import { importOptionalPackage } from './import-optional-package.js';

/**
 * A loader for a libtensorflow backend package (`@tensorflow/tfjs-node` or `-node-gpu`). Both
 * register the TensorFlow.js backend `'tensorflow'` when imported.
 *
 * @param packageName - the package to import
 * @param description - plain words for the report when it is selected
 * @returns the loader
 * @internal
 * @example
 * ```ts
 * const load = tensorflowLoader('@tensorflow/tfjs-node', 'libtensorflow on the CPU');
 * const result = await load({ threads: 2 });
 * ```
 */
export function tensorflowLoader(packageName: string, description: string): BackendLoader {
  return async ({ optionalPackagesFrom }) => {
    const imported = await importOptionalPackage<unknown>(packageName, optionalPackagesFrom);
    if (!imported.installed) return { installed: false, reason: `${packageName} is not installed` };
    await activateBackend('tensorflow');
    return { installed: true, reason: description };
  };
}
