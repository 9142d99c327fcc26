import { describe, expect, it } from 'vitest';
import { drawDownloads } from './download-bars.js';

function recorder() {
  const log: string[] = [];
  const progress = (label: string, total: number) => {
    log.push(`start ${label} ${total}`);
    return {
      update: (current: number, detail?: string) => log.push(`update ${label} ${current} ${detail ?? ''}`),
      done: () => log.push(`done ${label}`),
    };
  };
  return { log, progress };
}

describe('drawDownloads', () => {
  it('draws one bar per downloaded file in kilobytes, ending it when the file is complete', () => {
    const { log, progress } = recorder();
    const bars = drawDownloads(progress);
    bars.onProgress({ source: 'http://host/m/model.json', loadedBytes: 1000, totalBytes: 3000 });
    bars.onProgress({ source: 'https://host/m/a.bin?x=1', loadedBytes: 2048, totalBytes: undefined });
    bars.onProgress({ source: 'http://host/m/model.json', loadedBytes: 3000, totalBytes: 3000 });
    bars.onProgress({ source: 'http://host/m/model.json', loadedBytes: 3000, totalBytes: 3000 });
    bars.finish();
    expect(log).toEqual([
      'start Downloading model.json 3',
      'update Downloading model.json 1 kB',
      'start Downloading a.bin 0',
      'update Downloading a.bin 2 kB',
      'update Downloading model.json 3 kB',
      'done Downloading model.json',
      'done Downloading a.bin',
    ]);
  });

  it('draws nothing for local files', () => {
    const { log, progress } = recorder();
    const bars = drawDownloads(progress);
    bars.onProgress({ source: '/models/model.json', loadedBytes: 10, totalBytes: 10 });
    bars.onProgress({ source: 'file:///models/model.json', loadedBytes: 10, totalBytes: 10 });
    bars.finish();
    expect(log).toEqual([]);
  });
});
