import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, ResourceNotFoundError } from '@dendrite/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listDirectory } from './list-directory.js';

describe('listDirectory', () => {
  it('lists files and folders sorted by name, without hidden entries or broken links', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dendrite-list-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    writeFileSync(join(root, 'm01.jpg'), 'x');
    writeFileSync(join(root, 'f01.jpg'), 'x');
    writeFileSync(join(root, '.DS_Store'), 'x');
    mkdirSync(join(root, 'female'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken'));
    expect(await listDirectory(root)).toEqual([
      { name: 'f01.jpg', path: join(root, 'f01.jpg'), kind: 'file' },
      { name: 'female', path: join(root, 'female'), kind: 'directory' },
      { name: 'm01.jpg', path: join(root, 'm01.jpg'), kind: 'file' },
    ]);
  });

  it('names a missing folder, and refuses a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dendrite-list-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    await expect(listDirectory(join(root, 'absent'))).rejects.toThrow(ResourceNotFoundError);
    writeFileSync(join(root, 'a.txt'), 'x');
    await expect(listDirectory(join(root, 'a.txt'))).rejects.toThrow(InvalidArgumentError);
  });
});
