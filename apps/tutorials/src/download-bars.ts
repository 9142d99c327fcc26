import type { ProgressIndicator, TransferProgress } from '@dendrite/core';

/** Draws download progress as bars, one per file. */
export interface DownloadBars {
  /** Pass as `onProgress` to whatever downloads. Local file reads draw nothing. */
  readonly onProgress: (event: TransferProgress) => void;
  /** Ends any bar still open (a file whose size the server did not announce). */
  finish(): void;
}

const kilobytes = (bytes: number): number => Math.ceil(bytes / 1024);

/**
 * Turns byte-level progress events into progress bars drawn by `progress` (the platform's: a terminal
 * bar in Node), counting kilobytes. Each http(s) file gets its own bar, ended when all its bytes are in.
 *
 * @param progress - starts a bar, such as `platform.progress`
 * @returns the event handler and a way to end open bars
 */
export function drawDownloads(progress: (label: string, total: number) => ProgressIndicator): DownloadBars {
  const bars = new Map<string, { indicator: ProgressIndicator; total: number } | 'done'>();
  return {
    onProgress(event) {
      if (!/^https?:\/\//i.test(event.source)) return;
      let bar = bars.get(event.source);
      if (bar === 'done') return;
      if (bar === undefined) {
        const total = event.totalBytes === undefined ? 0 : kilobytes(event.totalBytes);
        const name =
          event.source
            .replace(/[?#].*$/, '')
            .split('/')
            .at(-1) ?? event.source;
        bar = { indicator: progress(`Downloading ${name}`, total), total };
        bars.set(event.source, bar);
      }
      const loaded = kilobytes(event.loadedBytes);
      bar.indicator.update(loaded, 'kB');
      if (bar.total > 0 && event.loadedBytes >= (event.totalBytes ?? Number.POSITIVE_INFINITY)) {
        bar.indicator.done();
        bars.set(event.source, 'done');
      }
    },
    finish() {
      for (const [source, bar] of bars) {
        if (bar !== 'done') bar.indicator.done();
        bars.set(source, 'done');
      }
    },
  };
}
