import type { TransferProgress } from '@dendrite/core';
import { element } from './dom.js';

/**
 * A download progress bar with a caption: bytes so far over every file, and the file being read.
 * Files already in the browser's cache send no progress, so a load without events was a cache hit.
 */
export class DownloadView {
  private readonly bar = element('progress', { max: 1, value: 0 });
  private readonly caption = element('span', { class: 'caption' });
  private readonly files = new Map<string, { loaded: number; total: number | undefined }>();
  private started = performance.now();

  constructor(private readonly container: HTMLElement) {}

  /** Shows `what` being prepared, with an empty bar. */
  start(what: string): void {
    this.files.clear();
    this.started = performance.now();
    this.bar.removeAttribute('value');
    this.bar.setAttribute('aria-label', what);
    this.caption.textContent = `${what}…`;
    this.container.replaceChildren(element('div', { class: 'progress-line' }, [this.bar, this.caption]));
  }

  /** Takes one progress event of a download. */
  readonly onProgress = (event: TransferProgress): void => {
    this.files.set(event.source, { loaded: event.loadedBytes, total: event.totalBytes });
    const loaded = [...this.files.values()].reduce((sum, file) => sum + file.loaded, 0);
    const name = event.source.split('/').at(-1) ?? event.source;
    if (event.totalBytes !== undefined && event.totalBytes > 0) this.bar.value = event.loadedBytes / event.totalBytes;
    else this.bar.removeAttribute('value');
    const percent = event.totalBytes ? ` (${Math.round((100 * event.loadedBytes) / event.totalBytes)} %)` : '';
    this.caption.textContent = `Downloading ${name}${percent}: ${megabytes(loaded)} so far`;
  };

  /** Shows work that is not a download: `done` of `total` steps, with a caption. */
  step(done: number, total: number, caption: string): void {
    if (!this.container.contains(this.bar))
      this.container.replaceChildren(element('div', { class: 'progress-line' }, [this.bar, this.caption]));
    this.bar.value = total === 0 ? 1 : done / total;
    this.bar.setAttribute('aria-label', caption);
    this.caption.textContent = caption;
  }

  /** Removes the bar. */
  clear(): void {
    this.container.replaceChildren();
  }

  /** Replaces the bar with a one-line summary of what was loaded and from where. */
  finish(what: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const loaded = [...this.files.values()].reduce((sum, file) => sum + file.loaded, 0);
    const from =
      this.files.size === 0 ? "from this browser's cache, no download" : `downloaded ${megabytes(loaded)}, now cached in this browser`;
    this.container.replaceChildren(
      element('p', { class: 'ready', 'data-from-cache': String(this.files.size === 0), text: `${what} ready in ${seconds} s (${from}).` }),
    );
  }

  /** Replaces the bar with `node` (an error message). */
  fail(node: Node): void {
    this.container.replaceChildren(node);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
