import type { KernelBackend } from '@tensorflow/tfjs-core';

// Every use of a TensorFlow.js API that is not public, in @dendrite/node, goes through this module
// (core's own, such as the engine's backend registry, go through @dendrite/core/internal). Each was
// read in the source of the version below; `tfjs-internals.test.ts` fails when the installed
// TensorFlow.js is another version, until they are checked again.
//
// 1. The files of @tensorflow/tfjs-backend-wasm's threaded build under `wasm-out/` (the emscripten
//    glue, the worker script exported as `wasmWorkerContents`, the .wasm binary): the package turns
//    threads off in Node, so Dendrite starts that build itself.
// 2. The `tfjs` bridge object that `BackendWasm` expects on the emscripten module (the C functions
//    `init`, `init_with_threads_count`, `get_threads_count`, `register_tensor`, `dispose_data`,
//    `dispose` with their arities), and `new BackendWasm(module)` taking that module.
// 3. The C++ side's thread-pool size of half of `emscripten_num_logical_cores()`.
// 4. The cpu backend's `firstUse` flag, which prints an advert for tfjs-node on the first tensor.
//
// Emscripten's own Module settings (locateFile, instantiateWasm, PThread) are emscripten's API and
// stay in threaded-wasm-backend.ts.

/** The TensorFlow.js version the uses listed above were checked against. @internal */
export const checkedTfjsVersion = '4.22.0';

/** The threaded build's files, as package paths (1). @internal */
export const threadedWasmFiles = {
  glue: '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
  worker: '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js',
  binaryName: 'tfjs-backend-wasm-threaded-simd.wasm',
} as const;

/**
 * The worker script of the threaded build, ready to write to a file (1).
 *
 * @param require - a CommonJS require that resolves the wasm package
 * @internal
 */
export function threadedWasmWorkerSource(require: (id: string) => unknown): string {
  const { wasmWorkerContents } = require(threadedWasmFiles.worker) as { wasmWorkerContents: string };
  // The package keeps the worker source in a template literal, which turned its "\n" escapes into
  // real line breaks inside string literals; put the escapes back so that it parses.
  return wasmWorkerContents.replace(/\n/g, '\\n');
}

/** What the bridge needs of an emscripten module. @internal */
export interface CwrapModule {
  cwrap(name: string, returns: 'number' | null, argumentTypes: readonly 'number'[]): (...args: number[]) => number;
  tfjs?: Record<string, (...args: number[]) => number>;
}

/**
 * Adds the `tfjs` bridge that `BackendWasm` calls to a started emscripten module (2).
 *
 * @internal
 */
export function addTfjsBridge(module: CwrapModule): void {
  const call = (name: string, returns: 'number' | null, argumentCount: number): ((...args: number[]) => number) =>
    module.cwrap(name, returns, Array.from({ length: argumentCount }, () => 'number' as const));
  module.tfjs = {
    init: call('init', null, 0),
    initWithThreadsCount: call('init_with_threads_count', null, 1),
    getThreadsCount: call('get_threads_count', 'number', 0),
    registerTensor: call('register_tensor', null, 3),
    disposeData: call('dispose_data', null, 1),
    dispose: call('dispose', null, 0),
  };
}

/**
 * A `BackendWasm` over a module started here (2).
 *
 * @internal
 */
export function wasmBackendOver(wasmPackage: Pick<typeof import('@tensorflow/tfjs-backend-wasm'), 'BackendWasm'>, module: CwrapModule): KernelBackend {
  return new wasmPackage.BackendWasm(module as unknown as ConstructorParameters<typeof wasmPackage.BackendWasm>[0]);
}

/** Wasm imports, by module and name. @internal */
export type WasmImports = Record<string, Record<string, unknown>>;

/**
 * The C++ side caps its pool at half the logical cores reported to it (it assumes two hardware
 * threads per core), which gives one thread on a 2-core machine; reporting twice the wanted count
 * lets the pool have exactly `threads` (3).
 *
 * @internal
 */
export function withLogicalCores(imports: WasmImports, threads: number): WasmImports {
  const environment = imports['env'];
  if (environment === undefined || typeof environment['emscripten_num_logical_cores'] !== 'function') return imports;
  return { ...imports, env: { ...environment, emscripten_num_logical_cores: () => threads * 2 } };
}

/**
 * Turns off the cpu backend's advert for tfjs-node (4): the selection report already says which
 * backend runs and why.
 *
 * @internal
 */
export function silenceCpuAdvert(backend: KernelBackend | null): void {
  const flags = backend as unknown as { firstUse?: boolean } | null;
  if (flags !== null && flags.firstUse === true) flags.firstUse = false;
}
