import type { ProgressIndicator } from '@dendrite/core';

/**
 * Where a terminal progress indicator writes: `process.stdout`, `process.stderr`, or anything with
 * `write` (a test double).
 *
 * @category Platform
 * @example
 * ```ts
 * const lines: string[] = [];
 * const stream: ProgressStream = { write: (text) => lines.push(text), isTTY: false };
 * ```
 */
export interface ProgressStream {
  /**
   * Writes text as it is.
   *
   * @param text - the text, with any line breaks and control characters it needs
   * @returns anything (ignored)
   */
  write(text: string): unknown;
  /** Whether the stream is a terminal, where a line can be redrawn. */
  readonly isTTY?: boolean;
  /** The terminal's width in characters. */
  readonly columns?: number;
}

/** The widest bar drawn; narrower when the terminal is. */
const barWidth = 30;
/** Redraw a terminal bar at most this often, however often `update` is called. */
const redrawMilliseconds = 100;

const isKnownTotal = (total: number): boolean => Number.isFinite(total) && total > 0;

/**
 * One line of a progress bar, Keras style: `label [=====>    ] 12/40 detail`. The count is padded
 * to the width of `total`, so that the line keeps its length as it is redrawn. A `total` of 0 or
 * less means unknown: the bar stays empty and only the count is shown.
 *
 * @param current - units done
 * @param total - units in all
 * @param width - characters inside the brackets
 * @param label - text before the bar; omitted when empty
 * @param detail - text after the count; omitted when empty
 * @returns the line, without a line break
 * @category Platform
 * @example
 * ```ts
 * formatTerminalBar(12, 40, 10, 'Features', 'f12.jpg'); // 'Features [==>       ] 12/40 f12.jpg'
 * ```
 */
export function formatTerminalBar(current: number, total: number, width: number, label: string, detail = ''): string {
  let bar: string;
  let count: string;
  if (isKnownTotal(total)) {
    const done = Math.min(Math.max(current, 0), total);
    const filled = Math.floor((width * done) / total);
    const head = filled === 0 ? '' : '='.repeat(filled - 1) + (done < total ? '>' : '=');
    bar = head + ' '.repeat(width - filled);
    count = `${String(current).padStart(String(total).length)}/${total}`;
  } else {
    bar = ' '.repeat(width);
    count = String(current);
  }
  return [label, `[${bar}]`, count, detail].filter((part) => part !== '').join(' ');
}

/**
 * One plain progress line for logs, where a bar cannot be redrawn: `label 12/40 (30%) detail`.
 * A `total` of 0 or less means unknown: only the count is shown.
 *
 * @param current - units done
 * @param total - units in all
 * @param label - text before the count; omitted when empty
 * @param detail - text after the count; omitted when empty
 * @returns the line, without a line break
 * @category Platform
 * @example
 * ```ts
 * formatPlainProgressLine(12, 40, 'Features', 'f12.jpg'); // 'Features 12/40 (30%) f12.jpg'
 * ```
 */
export function formatPlainProgressLine(current: number, total: number, label: string, detail = ''): string {
  const count = isKnownTotal(total) ? `${current}/${total} (${Math.floor((100 * Math.min(Math.max(current, 0), total)) / total)}%)` : String(current);
  return [label, count, detail].filter((part) => part !== '').join(' ');
}

/**
 * A progress indicator for a terminal. On a TTY it draws one bar line and redraws it in place
 * (carriage return), at most ten times a second; elsewhere (a pipe, a CI log) it writes plain
 * lines only at the start, at each further tenth of the total, and when done, so that logs stay
 * short. Updates after `done` are ignored.
 *
 * @param label - what is in progress, shown before the bar
 * @param total - units of work in all (0 when unknown)
 * @param stream - where to write; default `process.stdout`
 * @returns the indicator; call `update` as work advances and `done` at the end
 * @category Platform
 * @example
 * ```ts
 * const progress = createTerminalProgress('Extracting features', photos.length);
 * for (const [i, photo] of photos.entries()) {
 *   await extract(photo);
 *   progress.update(i + 1, photo);
 * }
 * progress.done();
 * ```
 */
export function createTerminalProgress(label: string, total: number, stream: ProgressStream = process.stdout): ProgressIndicator {
  return stream.isTTY === true ? redrawnBar(label, total, stream) : plainLines(label, total, stream);
}

function redrawnBar(label: string, total: number, stream: ProgressStream): ProgressIndicator {
  let current = 0;
  let detail = '';
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let lastLength = 0;
  let finished = false;

  const draw = (): void => {
    // A pseudo-terminal may report 0 columns when it does not know its width.
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
    const withoutBar = formatTerminalBar(current, total, 0, label, detail).length;
    const width = Math.max(10, Math.min(barWidth, columns - 1 - withoutBar));
    // A line longer than the terminal wraps, and a carriage return would then redraw only its end.
    const line = formatTerminalBar(current, total, width, label, detail).slice(0, Math.max(columns - 1, 1));
    stream.write(`\r${line}${' '.repeat(Math.max(0, lastLength - line.length))}`);
    lastLength = line.length;
    lastDrawn = Date.now();
  };

  draw();
  return {
    update(value, newDetail) {
      if (finished) return;
      current = value;
      detail = newDetail ?? detail;
      const complete = isKnownTotal(total) && value >= total;
      if (complete || Date.now() - lastDrawn >= redrawMilliseconds) draw();
    },
    done(newDetail) {
      if (finished) return;
      finished = true;
      detail = newDetail ?? detail;
      draw();
      stream.write('\n');
    },
  };
}

function plainLines(label: string, total: number, stream: ProgressStream): ProgressIndicator {
  let current = 0;
  let detail = '';
  let tenthsWritten = 0;
  let finished = false;
  let lastLine = '';
  const write = (): void => {
    lastLine = formatPlainProgressLine(current, total, label, detail);
    stream.write(`${lastLine}\n`);
  };

  write();
  return {
    update(value, newDetail) {
      if (finished) return;
      current = value;
      detail = newDetail ?? detail;
      if (!isKnownTotal(total)) return;
      // The last tenth is left to `done`, which always writes.
      const tenths = Math.min(Math.floor((10 * value) / total), 9);
      if (tenths > tenthsWritten) {
        tenthsWritten = tenths;
        write();
      }
    },
    done(newDetail) {
      if (finished) return;
      finished = true;
      detail = newDetail ?? detail;
      // The closing line, unless the same line was the last one written.
      if (formatPlainProgressLine(current, total, label, detail) !== lastLine) write();
    },
  };
}
