import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { activateBackend } from '@dendrite/core/internal';
import { createThreadedWasmBackend, threadSupportProblem } from './threaded-wasm-backend.js';

/** A small convolutional network: convolution, depthwise convolution, 1x1 and strided convolutions, dense. */
function network(input: Float32Array, weights: Float32Array[]): Float32Array {
  return tf.tidy(() => {
    const [w1, w2, w3, w4, w5] = weights;
    let x: tf.Tensor4D = tf.tensor4d(input, [2, 24, 24, 8]);
    x = tf.relu(tf.conv2d(x, tf.tensor4d(w1!, [3, 3, 8, 16]), 1, 'same'));
    x = tf.relu(tf.depthwiseConv2d(x, tf.tensor4d(w2!, [3, 3, 16, 1]), 1, 'same'));
    x = tf.conv2d(x, tf.tensor4d(w3!, [1, 1, 16, 32]), 1, 'same');
    x = tf.relu(tf.conv2d(x, tf.tensor4d(w4!, [3, 3, 32, 32]), 2, 'same'));
    const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
    return tf.concat([tf.reshape(x, [-1]), tf.reshape(tf.matMul(pooled, tf.tensor2d(w5!, [32, 10])), [-1])]).dataSync() as Float32Array;
  });
}

function seeded(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform(shape, -0.5, 0.5, 'float32', seed).dataSync() as Float32Array);
}

describe('createThreadedWasmBackend', () => {
  it('finds what threads need in this Node', () => {
    expect(threadSupportProblem()).toBeUndefined();
  });

  it('fails with a message, without crashing the program, when its worker threads cannot start', async () => {
    const start = createThreadedWasmBackend(wasm, 2, { workerSource: 'this is not JavaScript' });
    await expect(start).rejects.toThrow(/^a worker thread failed: /);
  });

  it('runs on 2 threads and matches the cpu backend within 1e-4 on a convolutional network', async () => {
    await tf.setBackend('cpu');
    const input = seeded([2, 24, 24, 8], 1);
    const weights = [
      seeded([3, 3, 8, 16], 2),
      seeded([3, 3, 16, 1], 3),
      seeded([1, 1, 16, 32], 4),
      seeded([3, 3, 32, 32], 5),
      seeded([32, 10], 6),
    ];
    const expected = network(input, weights);

    const listenersBefore = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
    const { backend, threads } = await createThreadedWasmBackend(wasm, 2);
    expect(threads).toBe(2);
    expect(process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection')).toBe(listenersBefore);

    await activateBackend('wasm', { instance: backend });
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm.getThreadsCount()).toBe(2);
    const before = tf.memory().numTensors;
    const actual = network(input, weights);
    expect(tf.memory().numTensors).toBe(before);

    expect(actual.length).toBe(expected.length);
    let largest = 0;
    for (let i = 0; i < actual.length; i++) largest = Math.max(largest, Math.abs(actual[i]! - expected[i]!));
    expect(largest).toBeLessThan(1e-4);
    // The network must not be trivially zero for the comparison to mean anything.
    expect(expected.some((value) => Math.abs(value) > 0.1)).toBe(true);
  });
});

// The real question for worker threads is whether a program ends by itself once its work is done,
// which only a separate Node process can show. It runs this folder's code compiled to JavaScript.
describe('a Node program using the threaded wasm backend', () => {
  let folder = '';
  afterAll(() => {
    if (folder !== '') rmSync(folder, { recursive: true, force: true });
  });

  it('exits by itself when its work is done', () => {
    folder = mkdtempSync(join(tmpdir(), 'dendrite-exit-check-'));
    const sourceRoot = dirname(dirname(fileURLToPath(import.meta.url)));
    mkdirSync(join(folder, 'backends'));
    for (const name of ['backends/threaded-wasm-backend', 'backends/private-temp-file', 'tfjs-internals']) {
      const source = readFileSync(join(sourceRoot, `${name}.ts`), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      writeFileSync(join(folder, `${name}.js`), outputText);
    }
    writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
    const tfjsCore = createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json');
    symlinkSync(dirname(dirname(dirname(tfjsCore))), join(folder, 'node_modules'), 'junction');
    writeFileSync(
      join(folder, 'main.js'),
      [
        "import * as tf from '@tensorflow/tfjs-core';",
        "import * as wasm from '@tensorflow/tfjs-backend-wasm';",
        "import { createThreadedWasmBackend } from './backends/threaded-wasm-backend.js';",
        'const { backend, threads } = await createThreadedWasmBackend(wasm, 2);',
        "tf.removeBackend('wasm');",
        "tf.registerBackend('wasm', () => backend);",
        "await tf.setBackend('wasm');",
        "const y = tf.conv2d(tf.ones([1, 16, 16, 8]), tf.ones([3, 3, 8, 8]), 1, 'same');",
        'console.log(JSON.stringify({ threads, backend: tf.getBackend(), centre: y.dataSync()[(8 * 16 + 8) * 8] }));',
      ].join('\n'),
    );

    const run = spawnSync(process.execPath, [join(folder, 'main.js')], { encoding: 'utf8', timeout: 90_000 });
    expect(run.error, run.stderr).toBeUndefined();
    expect(run.signal, 'it had to be killed, so it did not exit by itself').toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ threads: 2, backend: 'wasm', centre: 72 });
  });
});
