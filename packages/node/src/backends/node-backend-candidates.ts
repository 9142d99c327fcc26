import { version_core } from '@tensorflow/tfjs-core';
import type { BackendLoader } from './backend-loader.js';
import { loadCpuBackend } from './cpu-loader.js';
import { tensorflowLoader } from './tensorflow-loader.js';
import { loadWasmBackend } from './wasm-loader.js';

/**
 * The names of the TensorFlow.js backends Dendrite can use in Node, fastest first.
 *
 * `'tensorflow-gpu'` and `'tensorflow'` are both the TensorFlow.js backend called `'tensorflow'`
 * (libtensorflow through `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`); the names tell them
 * apart.
 *
 * @category Platform
 * @example
 * ```ts
 * for (const name of nodeBackendNames) console.log(name); // tensorflow-gpu, tensorflow, wasm, cpu
 * ```
 */
export const nodeBackendNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/**
 * One of {@link nodeBackendNames}.
 *
 * @category Platform
 * @example
 * ```ts
 * const name: NodeBackendName = 'wasm';
 * ```
 */
export type NodeBackendName = (typeof nodeBackendNames)[number];

/**
 * A backend that Node backend selection may try, and what a user does to make it available.
 *
 * @internal
 */
export interface NodeBackendCandidate {
  /** The name in reports and preferences. */
  readonly name: NodeBackendName;
  /** The name TensorFlow.js registers it under (what `tf.getBackend()` says once it is active). */
  readonly tfjsName: string;
  /** The npm package that provides it. */
  readonly packageName: string;
  /** How to make it usable, for error messages. */
  readonly fix: string;
  /** Imports its package and makes it the active backend. */
  readonly load: BackendLoader;
}

const others = (name: NodeBackendName): string =>
  `or choose another backend (${nodeBackendNames
    .filter((other) => other !== name)
    .map((other) => `'${other}'`)
    .join(', ')}), or leave the backend out to use the fastest that works.`;

/**
 * Every Node backend candidate, in the order selection tries them.
 *
 * @internal
 */
export const nodeBackendCandidates: readonly NodeBackendCandidate[] = [
  {
    name: 'tensorflow-gpu',
    tfjsName: 'tensorflow',
    packageName: '@tensorflow/tfjs-node-gpu',
    load: tensorflowLoader('@tensorflow/tfjs-node-gpu', "libtensorflow with CUDA, TensorFlow.js backend 'tensorflow'"),
    fix:
      `Install it with \`npm install @tensorflow/tfjs-node-gpu@${version_core}\` on Linux with an NVIDIA GPU, ` +
      `CUDA and cuDNN (its install step downloads libtensorflow, so it needs network access), ${others('tensorflow-gpu')}`,
  },
  {
    name: 'tensorflow',
    tfjsName: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    load: tensorflowLoader('@tensorflow/tfjs-node', 'libtensorflow'),
    fix:
      `Install it with \`npm install @tensorflow/tfjs-node@${version_core}\` (its install step downloads ` +
      `libtensorflow, so it needs network access and a platform TensorFlow supports), ${others('tensorflow')}`,
  },
  {
    name: 'wasm',
    tfjsName: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    load: loadWasmBackend,
    fix: `Reinstall @dendrite/node so that @tensorflow/tfjs-backend-wasm@${version_core} is present, ${others('wasm')}`,
  },
  {
    name: 'cpu',
    tfjsName: 'cpu',
    packageName: '@tensorflow/tfjs-backend-cpu',
    load: loadCpuBackend,
    fix: `Reinstall @dendrite/node so that @tensorflow/tfjs-backend-cpu@${version_core} is present, ${others('cpu')}`,
  },
];
