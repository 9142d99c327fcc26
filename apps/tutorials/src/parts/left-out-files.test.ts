import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { courseCatsRule } from '@dendrite/course';
import { describe, expect, it, onTestFinished } from 'vitest';
import { formatLeftOut, leftOutFiles } from './left-out-files.js';

const needs = 'f or m then a number';

describe('leftOutFiles', () => {
  it("names the photos the course's rule does not take and the broken links, not notes or labelled photos", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-left-out-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    for (const name of ['f01.jpg', 'm01.jpg', 'photo.jpg', 'female_03.jpg', 'NOTICE', '.DS_Store']) writeFileSync(join(folder, name), 'x');
    symlinkSync(join(folder, 'gone.jpg'), join(folder, 'f02.jpg'));
    mkdirSync(join(folder, 'more'));
    const left = await leftOutFiles(folder, courseCatsRule, needs);
    expect(left).toEqual([
      { file: 'f02.jpg', reason: `a broken link (its target ${join(folder, 'gone.jpg')} does not exist)` },
      { file: 'female_03.jpg', reason: `its name is not ${needs}` },
      { file: 'photo.jpg', reason: `its name is not ${needs}` },
    ]);
    expect(formatLeftOut(folder, left)).toEqual([
      `Warning: 3 files in ${folder} were left out:`,
      `  f02.jpg: a broken link (its target ${join(folder, 'gone.jpg')} does not exist)`,
      `  female_03.jpg: its name is not ${needs}`,
      `  photo.jpg: its name is not ${needs}`,
    ]);
  });

  it('with one subfolder per class: broken links inside the class folders', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-left-out-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    mkdirSync(join(folder, 'cat'));
    writeFileSync(join(folder, 'cat', 'a.jpg'), 'x');
    symlinkSync('/nowhere/b.jpg', join(folder, 'cat', 'b.jpg'));
    expect(await leftOutFiles(folder, undefined, '')).toEqual([
      { file: 'cat/b.jpg', reason: 'a broken link (its target /nowhere/b.jpg does not exist)' },
    ]);
  });

  it('nothing left out: no line; many: the first 20 and how many more', () => {
    expect(formatLeftOut('cats', [])).toEqual([]);
    const many = Array.from({ length: 23 }, (_, i) => ({ file: `x${i}.jpg`, reason: 'r' }));
    const lines = formatLeftOut('cats', many);
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('  ... and 3 more');
  });
});
