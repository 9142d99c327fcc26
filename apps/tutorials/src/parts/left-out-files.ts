import { readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileNameRule } from '@dendrite/data';

/** A file of the photo folder that did not become a photo of the dataset, and why. */
export interface LeftOutFile {
  readonly file: string;
  readonly reason: string;
}

const imageName = /^[^.].*\.(jpe?g|png|bmp|gif|webp)$/i;
const shownAtMost = 20;

async function brokenLinkReason(path: string): Promise<string | undefined> {
  try {
    await stat(path);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ELOOP') return undefined;
    const target = await readlink(path).catch(() => undefined);
    if (target === undefined) return undefined;
    return `a broken link (its target ${target} does not exist)`;
  }
}

/**
 * The files of a photo folder that the dataset leaves out without a word: photos whose names the
 * labelling rule does not take (`photo.jpg`, `female_03.jpg` under the course's f01/m01 rule), and
 * links whose target is missing. Other files (notes, licences) are not photos and are not listed.
 *
 * @param folder - the photo folder
 * @param rule - the labelling rule by file name, or undefined for one subfolder per class
 * @param ruleNeeds - what the rule expects of a name, for the reason
 * @returns the left-out files in name order
 * @internal
 * @example
 * ```ts
 * const left = await leftOutFiles('photos/cats', courseCatsRule, 'f or m then a number');
 * ```
 */
export async function leftOutFiles(folder: string, rule: FileNameRule | undefined, ruleNeeds: string): Promise<LeftOutFile[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).sort();
  const left: LeftOutFile[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const broken = await brokenLinkReason(path);
    if (broken !== undefined) {
      left.push({ file: name, reason: broken });
      continue;
    }
    const isFolder = await stat(path).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (isFolder) {
      // With one subfolder per class, a broken link inside a class folder is left out too.
      if (rule === undefined) {
        for (const inner of (await readdir(path).catch(() => [] as string[])).sort()) {
          const innerBroken = await brokenLinkReason(join(path, inner));
          if (innerBroken !== undefined) left.push({ file: `${name}/${inner}`, reason: innerBroken });
        }
      }
      continue;
    }
    if (rule !== undefined && imageName.test(name) && rule.labelOf(name, path) === undefined) {
      left.push({ file: name, reason: `its name is not ${ruleNeeds}` });
    }
  }
  return left;
}

/**
 * The warning lines for left-out files: a count, then one line per file (the first 20).
 *
 * @param folder - the photo folder
 * @param left - what {@link leftOutFiles} found
 * @returns the lines, none when nothing was left out
 * @internal
 * @example
 * ```ts
 * formatLeftOut('photos/cats', [{ file: 'photo.jpg', reason: 'its name is not f or m then a number' }]);
 * ```
 */
export function formatLeftOut(folder: string, left: readonly LeftOutFile[]): string[] {
  if (left.length === 0) return [];
  const lines = [
    `Warning: ${left.length} file${left.length === 1 ? '' : 's'} in ${folder} ${left.length === 1 ? 'was' : 'were'} left out:`,
  ];
  for (const { file, reason } of left.slice(0, shownAtMost)) lines.push(`  ${file}: ${reason}`);
  if (left.length > shownAtMost) lines.push(`  ... and ${left.length - shownAtMost} more`);
  return lines;
}
