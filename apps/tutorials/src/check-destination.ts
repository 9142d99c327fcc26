import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@dendrite/core';

/**
 * Checks, before any long work, that a folder the user named as a destination (a `--save` folder)
 * can be written: it is a folder or does not exist yet, and the nearest folder that exists above it
 * accepts a file. Nothing is created: a probe file is written and removed again.
 *
 * @param folder - the destination folder
 * @param option - the option that named it, for the message (such as `'--save'`)
 * @throws {@link @dendrite/core!InvalidArgumentError} naming the path and what to do, when a file is
 *   in the way or the folder cannot be written
 * @internal
 * @example
 * ```ts
 * await checkWritableFolder('models/cats', '--save'); // before training, not after
 * ```
 */
export async function checkWritableFolder(folder: string, option: string): Promise<void> {
  const problem = await folderProblem(folder);
  if (problem === undefined) return;
  const fix =
    problem.kind === 'file-in-the-way'
      ? 'Pass a folder path that is free or already a folder, or move that file away.'
      : 'Pass a folder you can write to.';
  throw new InvalidArgumentError(option, problem.what, fix);
}

/** Why a folder cannot take files: a file in its way, or a folder that refuses new files. */
export interface FolderProblem {
  readonly kind: 'file-in-the-way' | 'not-writable';
  /** The problem in words, naming the paths. */
  readonly what: string;
}

/**
 * Why files cannot be written in `folder`, or undefined when they can: the check behind
 * {@link checkWritableFolder}, for callers that go on without the folder (a cache) instead of failing.
 *
 * @param folder - the folder
 * @returns the problem, or undefined
 * @internal
 * @example
 * ```ts
 * const problem = await folderProblem(cacheFolder);
 * if (problem !== undefined) print(`Warning: ${problem.what}`);
 * ```
 */
export async function folderProblem(folder: string): Promise<FolderProblem | undefined> {
  const target = resolve(folder);
  let existing = target;
  for (;;) {
    let kind: Awaited<ReturnType<typeof kindOf>>;
    try {
      kind = await kindOf(existing);
    } catch (error) {
      // Such as a folder above it that cannot be searched (EACCES).
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return { kind: 'not-writable', what: `${target} cannot be used: ${existing} cannot be read (${code})` };
    }
    if (kind === 'directory') break;
    if (kind === 'other') {
      const what = existing === target ? `${target} is a file, not a folder` : `${existing}, above ${target}, is a file, not a folder`;
      return { kind: 'file-in-the-way', what };
    }
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const probe = join(existing, `.dendrite-write-check-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '');
    await unlink(probe);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return { kind: 'not-writable', what: `${target} cannot be written: ${existing} does not accept new files (${code})` };
  }
}

async function kindOf(path: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    // A path under a file: the walk up finds the file and names it.
    if (code === 'ENOTDIR') return 'missing';
    throw error;
  }
}
