import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writeBytes } from './write-bytes.js';

describe('writeBytes', () => {
  it('creates missing folders and writes the bytes, leaving no temporary file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dendrite-write-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const target = join(root, 'models', 'cats', 'weights.bin');
    await writeBytes(target, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(target)]).toEqual([1, 2, 3]);
    expect(readdirSync(join(root, 'models', 'cats'))).toEqual(['weights.bin']);
  });

  it('replaces an existing file whole, and takes file:// URLs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dendrite-write-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const target = join(root, 'model.json');
    writeFileSync(target, 'old content that is longer');
    await writeBytes(pathToFileURL(target).href, new TextEncoder().encode('{}'));
    expect(readFileSync(target, 'utf8')).toBe('{}');
    expect(readdirSync(root)).toEqual(['model.json']);
  });

  it('refuses a folder or an empty path, and cleans up when the write fails', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dendrite-write-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    await expect(writeBytes(root, new Uint8Array(1))).rejects.toThrow(InvalidArgumentError);
    await expect(writeBytes('', new Uint8Array(1))).rejects.toThrow(InvalidArgumentError);
    // A file where a folder should be: mkdir fails, nothing is left behind.
    writeFileSync(join(root, 'blocker'), 'x');
    await expect(writeBytes(join(root, 'blocker', 'model.json'), new Uint8Array(1))).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(readdirSync(root)).toEqual(['blocker']);
  });
});
