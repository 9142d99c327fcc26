import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What importing an optional package gave: its module, or the fact that it is not installed.
 *
 * @internal
 */
export type OptionalImport<T> = { readonly installed: true; readonly module: T } | { readonly installed: false };

/**
 * Imports a package that may be absent. The name is passed in a variable, so neither TypeScript nor a
 * bundler insists on the package being present.
 *
 * Only the package itself being absent counts as "not installed": a package that is there but fails
 * to load (a missing native library, a missing dependency of its own) throws, so the caller can report
 * the real cause.
 *
 * @param packageName - the bare package name, such as `'@tensorflow/tfjs-node'`
 * @param from - a folder to resolve it from (its `node_modules` and those above it) instead of this
 *   module's place
 * @returns the module, or `{ installed: false }`
 * @internal
 * @example
 * ```ts
 * const tfjsNode = await importOptionalPackage<unknown>('@tensorflow/tfjs-node');
 * if (!tfjsNode.installed) console.log('tfjs-node is not installed');
 * ```
 */
export async function importOptionalPackage<T>(packageName: string, from?: string): Promise<OptionalImport<T>> {
  try {
    const specifier: string = from === undefined ? packageName : resolveFrom(packageName, from);
    const module = (await import(specifier)) as T;
    return { installed: true, module };
  } catch (error) {
    if (isPackageMissing(error, packageName)) return { installed: false };
    throw error;
  }
}

/**
 * Whether `error` says that `packageName` itself could not be found (as opposed to something it
 * imports).
 *
 * @param error - what `import()` threw
 * @param packageName - the package that was imported
 * @returns true when the package is not installed
 * @internal
 * @example
 * ```ts
 * isPackageMissing(error, '@tensorflow/tfjs-node');
 * ```
 */
export function isPackageMissing(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  // Node names the package it looked for in quotes: "Cannot find package '<name>' imported from ...".
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
  }
  // Vite's module runner (vitest, Vite SSR) resolves before Node does and throws without a code.
  return code === undefined && message.startsWith(`Could not resolve "${packageName}"`);
}

/** The file URL of `packageName` as Node finds it from the folder `from`. */
function resolveFrom(packageName: string, from: string): string {
  try {
    return pathToFileURL(createRequire(join(from, 'noop.js')).resolve(packageName)).href;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND') {
      throw Object.assign(new Error(`Cannot find package '${packageName}' imported from ${from}`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    throw error;
  }
}
