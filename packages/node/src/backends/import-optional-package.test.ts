import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { importOptionalPackage, isPackageMissing } from './import-optional-package.js';

describe('importOptionalPackage', () => {
  it('returns the module of an installed package', async () => {
    const imported = await importOptionalPackage<{ version_core: string }>('@tensorflow/tfjs-core');
    expect(imported.installed).toBe(true);
    if (imported.installed) expect(imported.module.version_core).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('says a missing package is not installed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dendrite-optional-'));
    onTestFinished(() => rmSync(empty, { recursive: true, force: true }));
    expect(await importOptionalPackage('@tensorflow/tfjs-node', empty)).toEqual({ installed: false });
    expect(await importOptionalPackage('@dendrite/no-such-package-for-tests')).toEqual({ installed: false });
  });

  it('imports a package found from the given folder, and lets its own load failure through', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-optional-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const place = join(folder, 'node_modules', '@tensorflow', 'tfjs-node');
    mkdirSync(place, { recursive: true });
    writeFileSync(join(place, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', type: 'module', main: 'index.js' }));
    writeFileSync(join(place, 'index.js'), 'export const fake = true;');
    expect(await importOptionalPackage('@tensorflow/tfjs-node', folder)).toEqual({
      installed: true,
      module: expect.objectContaining({ fake: true }),
    });
    writeFileSync(join(place, 'index.js'), "throw new Error('libtensorflow.so.2: cannot open shared object file');");
    const broken = join(folder, 'broken');
    mkdirSync(join(broken, 'node_modules', '@tensorflow'), { recursive: true });
    cpSync(place, join(broken, 'node_modules', '@tensorflow', 'tfjs-node'), { recursive: true });
    await expect(importOptionalPackage('@tensorflow/tfjs-node', broken)).rejects.toThrow('libtensorflow.so.2');
  });
});

describe('isPackageMissing', () => {
  const notFound = (message: string, code?: string): Error => Object.assign(new Error(message), { code });

  it("recognises Node's and Vite's errors for the package itself", () => {
    expect(
      isPackageMissing(
        notFound("Cannot find package '@tensorflow/tfjs-node' imported from /a.js", 'ERR_MODULE_NOT_FOUND'),
        '@tensorflow/tfjs-node',
      ),
    ).toBe(true);
    expect(
      isPackageMissing(notFound('Could not resolve "@tensorflow/tfjs-node" imported by "@dendrite/node".'), '@tensorflow/tfjs-node'),
    ).toBe(true);
  });

  it('does not mistake a missing dependency of the package, or another failure, for the package', () => {
    const dependencyMissing = notFound("Cannot find package 'node-gyp-build' imported from /x/tfjs-node/index.js", 'ERR_MODULE_NOT_FOUND');
    expect(isPackageMissing(dependencyMissing, '@tensorflow/tfjs-node')).toBe(false);
    const otherPackage = notFound("Cannot find package '@tensorflow/tfjs-node-gpu' imported from /a.js", 'ERR_MODULE_NOT_FOUND');
    expect(isPackageMissing(otherPackage, '@tensorflow/tfjs-node')).toBe(false);
    expect(isPackageMissing(new Error('libtensorflow.so.2: cannot open shared object file'), '@tensorflow/tfjs-node')).toBe(false);
    expect(isPackageMissing('not an error', '@tensorflow/tfjs-node')).toBe(false);
  });
});
