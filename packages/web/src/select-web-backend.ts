import { InvalidArgumentError, type BackendPreferences, type BackendReport } from '@dendrite/core';
import { activateBackend, selectBackend, type BackendCandidate } from '@dendrite/core/internal';
import { backend as activeBackend, env, type KernelBackend } from '@tensorflow/tfjs-core';
import { isContextLost, webglContextOf } from './tfjs-internals.js';
import { stopWatchingContextLost, watchContextLost, type ContextLostEvent } from './webgl-context-lost.js';
import { shortRendererName, softwareRendererOf, softwareWebglRenderer } from './webgl-renderer.js';

/**
 * The backends {@link selectWebBackend} knows, fastest first. `'webgpu'` is tried only when asked
 * for by name.
 *
 * @category Platform
 * @example
 * ```ts
 * const backend: WebBackendName = 'wasm';
 * ```
 */
export type WebBackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * Preferences for {@link selectWebBackend}.
 *
 * @category Platform
 * @example
 * ```ts
 * const preferences: WebBackendPreferences = {
 *   wasmPaths: '/tfjs-wasm/',
 *   onContextLost: (event) => console.warn(event.message),
 * };
 * ```
 */
export interface WebBackendPreferences extends BackendPreferences {
  /**
   * Use exactly this backend (`'webgl'`, `'wasm'`, `'cpu'` or the opt-in `'webgpu'`), failing with
   * a BackendUnavailableError if it cannot start. Default: the first of webgl, wasm, cpu that works.
   */
  readonly backend?: string;
  /**
   * Threads for wasm. Default the number of logical cores. Threads need a cross-origin isolated
   * page (served with `Cross-Origin-Opener-Policy: same-origin` and
   * `Cross-Origin-Embedder-Policy: require-corp`); elsewhere wasm runs on one thread.
   */
  readonly threads?: number;
  /**
   * Where the page serves the wasm backend's binaries (`tfjs-backend-wasm.wasm`,
   * `tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`, found in
   * `node_modules/@tensorflow/tfjs-backend-wasm/dist/`): a folder URL ending in `/`, or a map from
   * each file name to its URL. Needed when a bundler does not copy them next to the page.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /**
   * Loads `@tensorflow/tfjs-backend-webgpu` when `backend` is `'webgpu'`, such as
   * `() => import('@tensorflow/tfjs-backend-webgpu')`. Passing it lets your bundler see the import;
   * without it a plain dynamic import by name is tried, which works only where the browser can
   * resolve the bare name (an import map) or in Node.
   */
  readonly importWebGpu?: () => Promise<unknown>;
  /**
   * Called if the webgl backend loses its WebGL context after being selected. Default: the message
   * is written with `console.error`. See {@link ContextLostEvent} for how to recover.
   */
  readonly onContextLost?: (event: ContextLostEvent) => void;
}

/** How one candidate is loaded and described; `prepare` runs after the import, before the backend starts. */
interface Candidate {
  readonly name: WebBackendName;
  readonly load: (preferences: WebBackendPreferences) => Promise<unknown>;
  readonly prepare?: (module: unknown, preferences: WebBackendPreferences) => Promise<void>;
  readonly describe: (backend: KernelBackend, module: unknown, preferences: WebBackendPreferences) => Promise<string>;
}

const webgpuPackage = '@tensorflow/tfjs-backend-webgpu';

// Literal specifiers, so that bundlers split each backend into its own chunk loaded on demand.
const candidates: readonly Candidate[] = [
  {
    name: 'webgpu',
    load: (preferences) => (preferences.importWebGpu ?? (() => import(/* @vite-ignore */ webgpuPackage)))(),
    describe: async () => 'WebGPU',
  },
  {
    name: 'webgl',
    load: () => import('@tensorflow/tfjs-backend-webgl'),
    describe: async (backend) => {
      const version = env().getNumber('WEBGL_VERSION');
      const float32 = env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
      const gl = webglContextOf(backend);
      const software = gl === undefined ? undefined : softwareRendererOf(gl);
      return (
        `WebGL ${version}` +
        (software === undefined ? '' : `, drawn in software on the CPU (${shortRendererName(software)})`) +
        (float32 ? '' : ', 16-bit float textures only (results may differ slightly from cpu)')
      );
    },
  },
  {
    name: 'wasm',
    load: () => import('@tensorflow/tfjs-backend-wasm'),
    prepare: async (module, preferences) => {
      const wasm = module as typeof import('@tensorflow/tfjs-backend-wasm');
      if (preferences.wasmPaths !== undefined) wasm.setWasmPaths(preferences.wasmPaths);
      wasm.setThreadsCount(preferences.threads ?? defaultThreads());
    },
    describe: async (_backend, module, preferences) => {
      const wasm = module as typeof import('@tensorflow/tfjs-backend-wasm');
      const threads = wasm.getThreadsCount();
      const simd = (await env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      const parts = [threads === 1 ? '1 thread' : `${threads} threads`];
      if (threads === 1 && (preferences.threads ?? defaultThreads()) > 1) {
        parts.push(whyOneThread((await env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true));
      }
      parts.push(simd ? 'SIMD' : 'no SIMD');
      return parts.join(', ');
    },
  },
  {
    name: 'cpu',
    load: () => import('@tensorflow/tfjs-backend-cpu'),
    describe: async () => 'plain JavaScript: the slowest, but it always works',
  },
];

const knownNames = candidates.map((candidate) => candidate.name);
const defaultOrder: readonly WebBackendName[] = ['webgl', 'wasm', 'cpu'];
// WebGL drawn in software (SwiftShader) still beats plain JavaScript, but wasm beats both.
const softwareWebglOrder: readonly WebBackendName[] = ['wasm', 'webgl', 'cpu'];

function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores > 0 ? cores : 1;
}

function whyOneThread(threadsSupported: boolean): string {
  const scope = globalThis as { crossOriginIsolated?: boolean; document?: unknown };
  if (scope.document === undefined && scope.crossOriginIsolated === undefined) {
    return 'tfjs-backend-wasm runs on one thread outside a browser';
  }
  if (scope.crossOriginIsolated !== true) {
    return 'the page is not cross-origin isolated; serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp for threads';
  }
  if (threadsSupported) {
    // The threaded build sizes its pool at half the logical cores (it assumes two hardware threads per core).
    return `tfjs-backend-wasm uses half of the ${defaultThreads()} logical cores the browser reports`;
  }
  return 'the browser offers no WebAssembly threads';
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Picks and activates the fastest TensorFlow.js backend that works in this browser: webgl, then
 * wasm (multi-threaded where the page is cross-origin isolated), then cpu; `'webgpu'` only when
 * asked for by name. Where the browser draws WebGL in software on the CPU (SwiftShader in Chrome
 * without a usable GPU, Mesa's llvmpipe), wasm is tried before webgl, being many times faster there;
 * `backend: 'webgl'` still forces it. Each backend package is loaded with a dynamic import only when
 * it is tried, and each one that starts must pass a tiny computation before it is selected.
 *
 * The report lists every candidate in the order tried with its outcome (`selected`, `failed`,
 * `not-installed` or `skipped`), the reason in plain words and the milliseconds it took. Calls run
 * one at a time. If the WebGL context is later lost, `onContextLost` is told; run this again to
 * recover (see {@link ContextLostEvent}).
 *
 * @param preferences - a backend to force, wasm threads and binary paths, a WebGPU loader, a
 * context-loss listener
 * @returns which backend is active and what happened to each candidate
 * @throws {@link @dendrite/core!InvalidArgumentError} for an unknown backend name or a bad `threads`
 * @throws {@link @dendrite/core!BackendUnavailableError} when the forced backend (or, without one,
 * every backend) cannot be used
 * @category Platform
 * @example
 * ```ts
 * const report = await selectWebBackend({ wasmPaths: '/tfjs-wasm/' });
 * console.log(report.selected); // 'webgl'
 * for (const attempt of report.attempts) console.log(attempt.name, attempt.outcome, attempt.reason);
 * ```
 */
export function selectWebBackend(preferences: WebBackendPreferences = {}): Promise<BackendReport> {
  validate(preferences);
  const run = queue.then(() => select(preferences));
  queue = run.catch(() => undefined);
  return run;
}

function validate(preferences: WebBackendPreferences): void {
  const forced = preferences.backend;
  if (forced !== undefined && !knownNames.includes(forced as WebBackendName)) {
    throw new InvalidArgumentError(
      'backend',
      `'${forced}' is not a backend @dendrite/web knows`,
      `Pass one of ${knownNames.map((name) => `'${name}'`).join(', ')}, or leave it out to pick the fastest that works.`,
    );
  }
  const threads = preferences.threads;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new InvalidArgumentError('threads', `must be a whole number, 1 or more, got ${threads}`, 'Pass for example 4, or leave it out.');
  }
}

async function select(preferences: WebBackendPreferences): Promise<BackendReport> {
  const forced = preferences.backend as WebBackendName | undefined;
  const softwareRenderer = forced === undefined ? softwareWebglRenderer() : undefined;
  const order: readonly WebBackendName[] =
    forced === 'webgpu' ? ['webgpu', ...defaultOrder] : softwareRenderer !== undefined ? softwareWebglOrder : defaultOrder;
  const table: BackendCandidate[] = order.map((name) => {
    const candidate = candidates.find((entry) => entry.name === name)!;
    return { name, fix: fixFor(name), start: () => startCandidate(candidate, preferences) };
  });
  const report = await selectBackend({
    candidates: table,
    requested: forced,
    noneFix: 'Check the browser console for details.',
    skippedReason: (name, selected) =>
      name === 'webgl' && softwareRenderer !== undefined
        ? `${selected} was selected first: WebGL here is drawn in software on the CPU (${shortRendererName(softwareRenderer)}), ` +
          "which is slower; pass backend: 'webgl' to use it anyway"
        : `${selected} was selected first`,
  });
  if (report.selected === 'webgl') watchContextLost(activeBackend(), preferences.onContextLost);
  else stopWatchingContextLost();
  return report;
}

function fixFor(name: WebBackendName): string {
  switch (name) {
    case 'webgpu':
      return (
        `Install ${webgpuPackage} (the same version as @tensorflow/tfjs-core) and pass ` +
        `importWebGpu: () => import(${JSON.stringify(webgpuPackage)}), use a browser with WebGPU, or leave backend out to pick the fastest that works`
      );
    case 'webgl':
      return 'Use a browser and device with WebGL enabled, or leave backend out to fall back to wasm or cpu';
    case 'wasm':
      return 'Serve the tfjs-backend-wasm .wasm files and pass their folder as wasmPaths, or leave backend out to pick another';
    case 'cpu':
      return 'Check that @tensorflow/tfjs-backend-cpu is installed at the version of @tensorflow/tfjs-core';
  }
}

/** One row of the table, as core's selection runs it: import, prepare, activate, describe. */
async function startCandidate(
  candidate: Candidate,
  preferences: WebBackendPreferences,
): Promise<{ installed: boolean; reason: string }> {
  let module: unknown;
  try {
    module = await candidate.load(preferences);
  } catch (error) {
    if (isModuleNotFound(error)) return { installed: false, reason: 'its package is not installed' };
    throw new Error(`its package failed to load: ${messageOf(error)}`, { cause: error });
  }
  try {
    await candidate.prepare?.(module, preferences);
    const backend = await activateBackend(candidate.name, { isDead: isContextLost });
    return { installed: true, reason: await candidate.describe(backend, module, preferences) };
  } catch (error) {
    throw new Error(explainFailure(candidate.name, error), { cause: error });
  }
}

/** Whether a dynamic import failed because the package is absent (Node, bundlers and browsers word it differently). */
function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return /Cannot find (module|package)|Failed to resolve module specifier|Failed to fetch dynamically imported module|error loading dynamically imported module/i.test(
    messageOf(error),
  );
}

function explainFailure(name: WebBackendName, error: unknown): string {
  const message = messageOf(error);
  if (name === 'webgl' && /registered no 'webgl' backend/.test(message)) {
    return `${message} (TensorFlow.js registers WebGL only in a browser page or worker)`;
  }
  if (name === 'wasm' && /\.wasm/.test(message)) {
    return `${message}; pass the URL of the folder serving the tfjs-backend-wasm .wasm files as the wasmPaths option`;
  }
  return message;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
