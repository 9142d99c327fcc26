import { NetworkError, OfflineError, type TransferProgress } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { readBytes } from './fetch-bytes.js';

// Runs in a real browser (Chromium), against the test server, which serves this package's files.

const served = '/package.json';

async function expectedBytes(): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(served)).arrayBuffer());
}

describe('readBytes in a browser', () => {
  it('downloads a relative URL with progress up to its Content-Length', async () => {
    const events: TransferProgress[] = [];
    const bytes = await readBytes(served, { onProgress: (event) => events.push(event) });
    expect(bytes).toEqual(await expectedBytes());
    expect(JSON.parse(new TextDecoder().decode(bytes)).name).toBe('@dendrite/web');
    const last = events.at(-1)!;
    expect(last.source).toBe(new URL(served, location.href).href);
    expect(last.loadedBytes).toBe(bytes.length);
    expect(last.totalBytes).toBe(bytes.length);
    expect(events.every((event, i) => i === 0 || event.loadedBytes >= events[i - 1]!.loadedBytes)).toBe(true);
  });

  it('fails with NetworkError carrying the status for a missing file', async () => {
    await expect(readBytes('/no-such-weights.bin')).rejects.toSatisfy(
      (error) => error instanceof NetworkError && error.status === 404 && /HTTP 404/.test(error.message),
    );
  });

  it('refuses http(s) offline, but still reads Files, blob: and data: URLs', async () => {
    await expect(readBytes(served, { offline: true })).rejects.toBeInstanceOf(OfflineError);
    const file = new File([new Uint8Array([1, 2, 3])], 'three.bin');
    const events: TransferProgress[] = [];
    expect(await readBytes(file, { offline: true, onProgress: (event) => events.push(event) })).toEqual(new Uint8Array([1, 2, 3]));
    expect(events).toEqual([{ source: 'three.bin', loadedBytes: 3, totalBytes: 3 }]);
    const url = URL.createObjectURL(new Blob([new Uint8Array([4, 5])]));
    try {
      expect(await readBytes(url, { offline: true })).toEqual(new Uint8Array([4, 5]));
    } finally {
      URL.revokeObjectURL(url);
    }
    expect(await readBytes('data:application/octet-stream;base64,AQID', { offline: true })).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('rejects with the reason of a cancelled signal', async () => {
    const controller = new AbortController();
    const reason = new Error('the user cancelled');
    controller.abort(reason);
    await expect(readBytes(served, { signal: controller.signal })).rejects.toBe(reason);
  });
});
