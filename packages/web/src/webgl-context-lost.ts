import type { KernelBackend } from '@tensorflow/tfjs-core';
import { webglContextOf } from './tfjs-internals.js';

/**
 * What {@link WebBackendPreferences.onContextLost} receives when the browser takes the WebGL context
 * away from the webgl backend (a GPU reset or driver crash, too many contexts on the page, the tab
 * in the background on a mobile device).
 *
 * After a loss every tensor on the webgl backend is gone and further operations fail. To recover,
 * run backend selection again (`await platform.initBackend()` or `await selectWebBackend()`): it
 * makes a fresh WebGL context when the GPU is back, or falls through to wasm or cpu. Then load or
 * rebuild models and tensors, which do not survive the switch.
 *
 * @category Platform
 * @example
 * ```ts
 * const onContextLost = (event: ContextLostEvent) => {
 *   status.textContent = event.message;
 *   void platform.initBackend().then(reloadModel);
 * };
 * ```
 */
export interface ContextLostEvent {
  /** The backend that lost its context: `'webgl'`. */
  readonly backend: string;
  /** What happened and what to do, in plain words. */
  readonly message: string;
  /** The browser's `webglcontextlost` event. */
  readonly event: Event;
}

let stopWatching: (() => void) | undefined;

/**
 * Listens for `webglcontextlost` on the canvas of a webgl backend and reports it once, to
 * `listener` or else as a console error. A later call replaces the earlier watch.
 *
 * @internal
 * @param backend - the backend just selected
 * @param listener - receives the loss; without one the message goes to `console.error`
 * @returns whether a canvas was found to watch
 * @category Platform
 * @example
 * ```ts
 * watchContextLost(tf.backend(), (event) => console.warn(event.message));
 * ```
 */
export function watchContextLost(backend: KernelBackend, listener: ((event: ContextLostEvent) => void) | undefined): boolean {
  stopWatchingContextLost();
  const canvas = webglContextOf(backend)?.canvas as EventTarget | undefined;
  if (canvas === undefined || typeof canvas.addEventListener !== 'function') return false;
  const onLost = (event: Event): void => {
    stopWatchingContextLost();
    const message =
      'The WebGL context of the TensorFlow.js webgl backend was lost (a GPU reset or driver crash, or the browser ' +
      'reclaimed it); every tensor on it is gone. Run backend selection again (platform.initBackend()) to get a new ' +
      'context or fall back to wasm or cpu, then reload your models.';
    if (listener === undefined) console.error(message);
    else listener({ backend: 'webgl', message, event });
  };
  canvas.addEventListener('webglcontextlost', onLost);
  stopWatching = () => canvas.removeEventListener('webglcontextlost', onLost);
  return true;
}

/**
 * Stops the watch set by {@link watchContextLost}, if any.
 *
 * @internal
 * @category Platform
 * @example
 * ```ts
 * stopWatchingContextLost();
 * ```
 */
export function stopWatchingContextLost(): void {
  stopWatching?.();
  stopWatching = undefined;
}
