import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackendUnavailableError, DendriteError, InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { selectNodeBackend, selectNodeBackendFrom } from './select-backend.js';

const candidateNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

const fakeFolders: string[] = [];
afterAll(() => {
  for (const folder of fakeFolders) rmSync(folder, { recursive: true, force: true });
});

/**
 * A folder whose node_modules holds a fake `@tensorflow/tfjs-node` with the given source, so that
 * these tests do not depend on whether the real one is installed on the machine.
 */
function folderWithTfjsNode(source: string | undefined): string {
  const folder = mkdtempSync(join(tmpdir(), 'dendrite-fake-tfjs-node-'));
  fakeFolders.push(folder);
  if (source === undefined) return folder;
  const packageFolder = join(folder, 'node_modules', '@tensorflow', 'tfjs-node');
  mkdirSync(packageFolder, { recursive: true });
  writeFileSync(join(packageFolder, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', type: 'module', main: 'index.js' }));
  writeFileSync(join(packageFolder, 'index.js'), source);
  return folder;
}

const resolve = createRequire(import.meta.url).resolve;
const url = (name: string): string => JSON.stringify(pathToFileURL(resolve(name)).href);
/** Registers 'tensorflow' as libtensorflow would, computing with the cpu backend's kernels. */
const workingTfjsNode = `
import * as tf from ${url('@tensorflow/tfjs-core')};
import { MathBackendCPU } from ${url('@tensorflow/tfjs-backend-cpu')};
for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);
`;
/** Fails to load as tfjs-node does when its native library is missing or built for another system. */
const brokenTfjsNode = `
throw Object.assign(new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });
`;
const withoutTfjsNode = folderWithTfjsNode(undefined);

describe('selectNodeBackend', () => {
  it('selects wasm when tfjs-node is absent, reports every candidate, and the backend computes correctly', async () => {
    const report = await selectNodeBackendFrom({}, withoutTfjsNode);
    expect(report.attempts.map((a) => a.name)).toEqual(candidateNames);
    expect(report.attempts.map((a) => a.outcome)).toEqual(['not-installed', 'not-installed', 'selected', 'skipped']);
    expect(report.selected).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const wasm = report.attempts[2]!;
    expect(wasm.reason).toMatch(/^\d+ threads?, SIMD/);
    expect(wasm.milliseconds).toBeGreaterThan(0);
    expect(report.attempts[0]!.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(report.attempts[3]!).toMatchObject({ reason: 'not tried: wasm was selected first', milliseconds: 0 });

    const before = tf.memory().numTensors;
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[4], [5], [6]])).dataSync());
    expect(Array.from(product)).toEqual([32]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses exactly the backend asked for and marks the others as not tried', async () => {
    const report = await selectNodeBackend({ backend: 'cpu' });
    expect(report.selected).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.attempts.map((a) => [a.name, a.outcome])).toEqual([
      ['tensorflow-gpu', 'skipped'],
      ['tensorflow', 'skipped'],
      ['wasm', 'skipped'],
      ['cpu', 'selected'],
    ]);
    expect(report.attempts[0]!.reason).toBe("not tried: 'cpu' was asked for");
  });

  it('reuses a wasm backend that is already running instead of replacing it', async () => {
    const report = await selectNodeBackend({ backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(report.attempts[2]!.reason).toMatch(/already running$/);
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    const attempt = selectNodeBackend({ backend: 'webgl' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(
      "Invalid backend: 'webgl' is not a TensorFlow.js backend Dendrite can use in Node. " +
        "Use one of 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', or leave it out to use the fastest that works.",
    );
  });

  it.each([0, 1.5, -2, Number.NaN])('rejects threads: %s', async (threads) => {
    await expect(selectNodeBackend({ threads })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('says how to install tfjs-node when it is asked for but missing', async () => {
    const error: unknown = await selectNodeBackendFrom({ backend: 'tensorflow' }, withoutTfjsNode).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(DendriteError.isInstance(error)).toBe(true);
    const unavailable = error as BackendUnavailableError;
    expect(unavailable.backend).toBe('tensorflow');
    expect(unavailable.reason).toBe('@tensorflow/tfjs-node is not installed');
    expect(unavailable.message).toContain(
      "The TensorFlow.js backend 'tensorflow' cannot be used: @tensorflow/tfjs-node is not installed. " +
        `Install it with \`npm install @tensorflow/tfjs-node@${tf.version_core}\``,
    );
    // A failed request leaves the previous backend active.
    expect(tf.getBackend()).toBe('wasm');
  });

  it('says how to install tfjs-node-gpu when it is asked for but missing', async () => {
    await expect(selectNodeBackendFrom({ backend: 'tensorflow-gpu' }, withoutTfjsNode)).rejects.toThrow(
      `npm install @tensorflow/tfjs-node-gpu@${tf.version_core}`,
    );
  });

  it('reports a tfjs-node whose native library is broken as failed, with its error, and falls back to wasm', async () => {
    const report = await selectNodeBackendFrom({}, folderWithTfjsNode(brokenTfjsNode));
    expect(report.attempts.map((a) => a.outcome)).toEqual(['not-installed', 'failed', 'selected', 'skipped']);
    expect(report.attempts[1]!.reason).toContain('libtensorflow.so.2: cannot open shared object file');
    expect(report.selected).toBe('wasm');
    const asked = await selectNodeBackendFrom({ backend: 'tensorflow' }, folderWithTfjsNode(brokenTfjsNode)).catch((e: unknown) => e);
    expect(asked).toBeInstanceOf(BackendUnavailableError);
    expect((asked as BackendUnavailableError).reason).toContain('libtensorflow.so.2');
  });

  it('selects tfjs-node when it is installed and works, before wasm', async () => {
    const report = await selectNodeBackendFrom({}, folderWithTfjsNode(workingTfjsNode));
    expect(report.attempts.map((a) => [a.name, a.outcome])).toEqual([
      ['tensorflow-gpu', 'not-installed'],
      ['tensorflow', 'selected'],
      ['wasm', 'skipped'],
      ['cpu', 'skipped'],
    ]);
    expect(report.attempts[1]!.reason).toBe('libtensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(Array.from(tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()))).toEqual([11]);
  });

  it('selects with the packages installed beside it when no folder is given', async () => {
    const report = await selectNodeBackend({ backend: 'cpu' });
    expect(report.selected).toBe('cpu');
  });
});
