// Test support: the in-memory FakePlatform with folders (derived from the '/' in its file paths) and
// a record of printed lines, for labelled-dataset tests.

import type { DirectoryEntry } from '@dendrite/core';
import { ResourceNotFoundError } from '@dendrite/core';
import { FakePlatform, fakeImageBytes } from './fake-platform.js';

/** A FakePlatform whose `listDirectory` sees folders in the file paths, plus `emptyFolders`. */
export class FakeFolderPlatform extends FakePlatform {
  /** Every line passed to `print`. */
  readonly printed: string[] = [];
  /** Every folder listed, in order. */
  readonly listed: string[] = [];
  private readonly paths: readonly string[];
  private readonly emptyFolders: ReadonlySet<string>;

  constructor(files: Record<string, Uint8Array>, options: { emptyFolders?: readonly string[] } = {}) {
    super(files);
    this.paths = Object.keys(files);
    this.emptyFolders = new Set(options.emptyFolders ?? []);
  }

  async listDirectory(path: string): Promise<DirectoryEntry[]> {
    this.listed.push(path);
    await Promise.resolve();
    const folder = path.replace(/\/+$/, '');
    const prefix = `${folder}/`;
    const children = new Map<string, DirectoryEntry['kind']>();
    for (const key of [...this.paths, ...this.emptyFolders]) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const name = rest.split('/')[0] as string;
      const kind = rest.includes('/') || this.emptyFolders.has(key) ? 'directory' : 'file';
      children.set(name, kind);
    }
    if (children.size === 0 && !this.emptyFolders.has(folder)) throw new ResourceNotFoundError(path);
    // Deliberately not in name order: callers must sort.
    return [...children].reverse().map(([name, kind]) => ({ name, path: `${prefix}${name}`, kind }));
  }

  // Optional only because FakePlatform's print takes no argument; the Platform interface passes one.
  override print(line?: string): void {
    this.printed.push(line ?? '');
  }
}

/**
 * The course's 40 cat file names under `folder` (f01..f20, m01..m20, in that order), as fake images
 * whose blue channel tells them apart: 1..20 for f01..f20, 101..120 for m01..m20.
 */
export function fakeCatFiles(folder = 'cats'): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [prefix, offset] of [
    ['f', 0],
    ['m', 100],
  ] as const) {
    for (let n = 1; n <= 20; n++) files[`${folder}/${prefix}${String(n).padStart(2, '0')}.jpg`] = fakeImageBytes(12, 10, offset + n);
  }
  return files;
}
