import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { KernelBackend } from '@tensorflow/tfjs-core';
import {
  addTfjsBridge,
  threadedWasmFiles,
  threadedWasmWorkerSource,
  wasmBackendOver,
  withLogicalCores,
  type CwrapModule,
  type WasmImports,
} from '../tfjs-internals.js';
import { writePrivateTempFile } from './private-temp-file.js';

/** The parts of `@tensorflow/tfjs-backend-wasm` used here. */
type WasmPackage = Pick<typeof import('@tensorflow/tfjs-backend-wasm'), 'BackendWasm' | 'setThreadsCount' | 'getThreadsCount'>;

/**
 * A started multi-threaded wasm backend.
 *
 * @internal
 */
export interface ThreadedWasmBackend {
  /** The backend, ready to be installed as TensorFlow.js's `'wasm'`. */
  readonly backend: KernelBackend;
  /** How many threads its thread pool has (the calling thread included). */
  readonly threads: number;
}

/**
 * Checks what WebAssembly threads need from Node: SharedArrayBuffer and shared WebAssembly memory.
 *
 * @returns why threads cannot work here, or undefined when they can
 * @internal
 * @example
 * ```ts
 * const problem = threadSupportProblem();
 * if (problem !== undefined) console.log(`single-threaded: ${problem}`);
 * ```
 */
export function threadSupportProblem(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function') return 'this Node has no SharedArrayBuffer';
  try {
    new (webAssembly().Memory)({ initial: 1, maximum: 1, shared: true });
  } catch {
    return 'this Node cannot share WebAssembly memory between threads';
  }
  return undefined;
}

// The emscripten build inside @tensorflow/tfjs-backend-wasm (4.22) can run threads in Node, but the
// package turns them off there and hands the build a worker script and main script as `blob:` URLs,
// which Node's worker_threads cannot load. Here the build gets file paths instead: the worker script
// is written to a private temporary file, and the main script is the build's own file, which each
// worker reads and evaluates. The package internals this needs are listed in ../tfjs-internals.ts.

/**
 * Starts the SIMD + threads build of the TensorFlow.js wasm backend in Node, with a pool of
 * `threads` threads (at most 8, the build's limit). Its worker threads never keep the process alive.
 *
 * @param wasmPackage - the imported `@tensorflow/tfjs-backend-wasm` (its kernels must be registered)
 * @param threads - threads wanted, at least 2
 * @param options - `timeoutMs`: how long the workers may take to start (default 60 s);
 *   `workerSource`: a replacement worker script, for tests
 * @returns the backend and its real thread count
 * @throws Error when the build cannot start (its workers are then stopped)
 * @internal
 * @example
 * ```ts
 * const wasmPackage = await import('@tensorflow/tfjs-backend-wasm');
 * const { backend, threads } = await createThreadedWasmBackend(wasmPackage, 2);
 * ```
 */
export async function createThreadedWasmBackend(
  wasmPackage: WasmPackage,
  threads: number,
  options: { readonly timeoutMs?: number; readonly workerSource?: string } = {},
): Promise<ThreadedWasmBackend> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve(threadedWasmFiles.glue);
  const binaryPath = join(dirname(gluePath), threadedWasmFiles.binaryName);
  const createModule = require(gluePath) as ModuleFactory;
  const workerScript = await writePrivateTempFile('tfjs-wasm-pthread-worker.cjs', options.workerSource ?? threadedWasmWorkerSource(require));

  let failEarly: (error: Error) => void = () => undefined;
  const earlyFailure = new Promise<never>((_, reject) => {
    failEarly = reject;
  });
  earlyFailure.catch(() => undefined); // also rejected after a start that already failed otherwise
  const workerFailed = (error: unknown): void => failEarly(new Error(`a worker thread failed: ${asError(error).message}`));
  const savedErrorHandlers = new Map<EmscriptenWorker, EmscriptenWorker['onerror']>();
  const settings: ModuleSettings = {
    locateFile: (path, prefix) => (path.endsWith('.worker.js') ? workerScript.path : prefix + path),
    mainScriptUrlOrBlob: gluePath,
    instantiateWasm: (imports, receiveInstance) => {
      instantiate(binaryPath, withLogicalCores(imports, threads)).then(
        ({ instance, module }) => {
          // This hands the compiled module to the pool's workers and gives each an error handler that
          // throws, which would crash the program; while starting, `workerFailed` reports instead.
          receiveInstance(instance, module);
          for (const worker of settings.PThread?.unusedWorkers ?? []) {
            savedErrorHandlers.set(worker, worker.onerror);
            worker.onerror = () => undefined;
          }
        },
        (error: unknown) => failEarly(asError(error)),
      );
      return {};
    },
    onAbort: (what) => failEarly(new Error(`the threaded wasm build aborted: ${String(what)}`)),
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`its worker threads did not start within ${timeoutMs} ms`)), timeoutMs);
  });
  let module: ThreadedModule | undefined;
  try {
    const listenersBefore = processListeners();
    const starting = createModule(settings);
    removeListenersAddedSince(listenersBefore);
    // The pool's workers exist now but get error listeners only once the wasm is compiled; an error
    // event with no listener would crash the program.
    const pool = [...(settings.PThread?.unusedWorkers ?? [])];
    for (const worker of pool) worker.on('error', workerFailed);
    module = await Promise.race([starting, earlyFailure, timeout]);
    // Started: an error in a worker now means a thread died mid-computation, and crashing (emscripten's
    // way) is better than waiting forever for it.
    for (const worker of pool) worker.off('error', workerFailed);
    for (const [worker, handler] of savedErrorHandlers) worker.onerror = handler;
    addTfjsBridge(module);
    wasmPackage.setThreadsCount(threads);
    const backend = wasmBackendOver(wasmPackage, module);
    // Emscripten holds a reference on each running thread's worker, so a pool that lives for the whole
    // program would stop Node from exiting. Idle pool workers are already unreferenced.
    for (const worker of module.PThread.runningWorkers) worker.unref();
    return { backend, threads: wasmPackage.getThreadsCount() };
  } catch (error) {
    (module?.PThread ?? settings.PThread)?.terminateAllThreads();
    throw error;
  } finally {
    clearTimeout(timer);
    await workerScript.remove();
  }
}

async function instantiate(binaryPath: string, imports: WasmImports): Promise<{ instance: unknown; module: unknown }> {
  return webAssembly().instantiate(await readFile(binaryPath), imports);
}

// Emscripten's Node glue installs process handlers that rethrow every uncaught error and unhandled
// rejection; tfjs never relies on them, and they would override the program's (and test runners')
// own handling.
const processEvents = ['uncaughtException', 'unhandledRejection'] as const;

function processListeners(): Map<string, Function[]> {
  const emitter: NodeJS.EventEmitter = process;
  return new Map(processEvents.map((event) => [event, emitter.listeners(event)]));
}

function removeListenersAddedSince(before: Map<string, Function[]>): void {
  const emitter: NodeJS.EventEmitter = process;
  for (const event of processEvents) {
    const earlier = new Set(before.get(event));
    for (const listener of emitter.listeners(event)) {
      if (!earlier.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The parts of the global `WebAssembly` used here (Node has it; this project's type libraries do not). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: WasmImports): Promise<{ instance: unknown; module: unknown }>;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => unknown;
}

function webAssembly(): WasmApi {
  return (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
}

/** A Node `Worker`, with the error handler emscripten adds to it. */
interface EmscriptenWorker {
  unref(): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  off(event: 'error', listener: (error: unknown) => void): void;
  onerror: (error: unknown) => void;
}

interface PThreadPool {
  readonly runningWorkers: readonly EmscriptenWorker[];
  readonly unusedWorkers: readonly EmscriptenWorker[];
  terminateAllThreads(): void;
}

interface ThreadedModule extends CwrapModule {
  readonly PThread: PThreadPool;
}

/** Emscripten's module settings; emscripten also adds its own fields (such as PThread) to this object. */
interface ModuleSettings {
  locateFile(path: string, prefix: string): string;
  mainScriptUrlOrBlob: string;
  instantiateWasm(imports: WasmImports, receiveInstance: (instance: unknown, module: unknown) => void): object;
  onAbort(what: unknown): void;
  PThread?: PThreadPool;
}

type ModuleFactory = (settings: ModuleSettings) => Promise<ThreadedModule>;
