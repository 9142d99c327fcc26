import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodePlatform } from '@dendrite/node';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFolderWarning, withoutCache } from './cache-folder.js';

const scratch = mkdtempSync(join(tmpdir(), 'dendrite-cache-folder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('cacheFolderWarning', () => {
  it('says nothing for a folder that exists or can be made', async () => {
    mkdirSync(join(scratch, 'ready'));
    expect(await cacheFolderWarning(join(scratch, 'ready'))).toBeUndefined();
    expect(await cacheFolderWarning(join(scratch, 'not', 'yet'))).toBeUndefined();
  });

  it('a file in the way, and a path under a file: one warning naming the file, going on without a cache', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    expect(await cacheFolderWarning(file)).toBe(
      `Warning: the cache folder cannot be used (${file} is a file, not a folder); going on without a cache, so downloads and photo features are not kept for next time. Pass --cache-dir with a folder you can write to, to keep them.`,
    );
    expect(await cacheFolderWarning(join(file, 'sub', 'dir'))).toMatch(
      `(${file}, above ${join(file, 'sub', 'dir')}, is a file, not a folder); going on without a cache`,
    );
  });
});

describe('withoutCache', () => {
  it('keeps nothing, and leaves the rest of the platform as it was', async () => {
    const platform = createNodePlatform({ cacheDir: join(scratch, 'unused'), output: { write: () => true } });
    const bare = withoutCache(platform, '/some/file');
    await bare.cache.put('weights/a', new Uint8Array([1, 2]));
    expect(await bare.cache.get('weights/a')).toBeUndefined();
    expect(await bare.cache.has('weights/a')).toBe(false);
    expect(bare.cache.location).toBe('/some/file (not used)');
    expect(await platform.cache.has('weights/a')).toBe(false);
    expect(bare.name).toBe('node');
    expect(bare.readBytes).toBe(platform.readBytes);
  });
});
