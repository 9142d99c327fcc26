import { InvalidArgumentError, type ProgressIndicator } from '@dendrite/core';

/**
 * One step of a progress indicator, for a page to draw (a `<progress>` element, a bar, a status
 * line). Every indicator sends one `'start'`, any number of `'update'`s and one `'done'`.
 *
 * @category Platform
 * @example
 * ```ts
 * const listener = (event: ProgressEventDetail) => {
 *   bar.max = event.total;
 *   bar.value = event.current;
 *   caption.textContent = `${event.label} ${Math.round(event.fraction * 100)} %`;
 * };
 * ```
 */
export interface ProgressEventDetail {
  /** `'start'` when the indicator is created, `'update'` as work advances, `'done'` at the end. */
  readonly type: 'start' | 'update' | 'done';
  /** Tells indicators apart when several run at once (unique within the page). */
  readonly id: number;
  /** What is being done, as given to `progress(label, total)`. */
  readonly label: string;
  /** Units done so far. */
  readonly current: number;
  /** Units in all. */
  readonly total: number;
  /** `current / total`, between 0 and 1 (1 when `total` is 0). */
  readonly fraction: number;
  /** Milliseconds since the indicator started. */
  readonly elapsedMs: number;
  /** Text to show beside the bar (for example `loss: 0.6931`), when the caller gave one. */
  readonly detail: string | undefined;
}

/**
 * Receives {@link ProgressEventDetail}s.
 *
 * @category Platform
 * @example
 * ```ts
 * const listener: ProgressListener = (event) => console.log(event.type, event.current, event.total);
 * ```
 */
export type ProgressListener = (event: ProgressEventDetail) => void;

let nextId = 1;

/**
 * A {@link @dendrite/core!ProgressIndicator} that draws nothing itself: it sends typed events to
 * `listener` so that a page can draw them. Without a listener the events go nowhere. Calls after
 * `done()` are ignored, so a finished bar never moves again.
 *
 * @param label - what is being done, such as `'Downloading weights'`
 * @param total - units of work in all (a finite number, 0 or more)
 * @param listener - receives a `'start'` event now, then `'update'` and `'done'` events
 * @returns the indicator
 * @throws {@link @dendrite/core!InvalidArgumentError} when `total` is negative or not finite
 * @category Platform
 * @example
 * ```ts
 * const progress = createEventProgress('Extracting features', 40, (event) => {
 *   bar.value = event.fraction;
 * });
 * for (let i = 1; i <= 40; i++) progress.update(i);
 * progress.done();
 * ```
 */
export function createEventProgress(label: string, total: number, listener?: ProgressListener): ProgressIndicator {
  if (!Number.isFinite(total) || total < 0) {
    throw new InvalidArgumentError(
      'total',
      `must be a finite number of units, 0 or more, got ${total}`,
      'Pass how many units of work there are.',
    );
  }
  const id = nextId++;
  const started = performance.now();
  let current = 0;
  let finished = false;

  const emit = (type: ProgressEventDetail['type'], detail: string | undefined): void => {
    if (listener === undefined) return;
    const fraction = total === 0 ? 1 : Math.min(Math.max(current / total, 0), 1);
    listener({ type, id, label, current, total, fraction, elapsedMs: performance.now() - started, detail });
  };

  emit('start', undefined);
  return {
    update(value: number, detail?: string): void {
      if (finished) return;
      current = value;
      emit('update', detail);
    },
    done(detail?: string): void {
      if (finished) return;
      finished = true;
      emit('done', detail);
    },
  };
}
