import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The course's photo of The Boef where a checkout keeps it: `../shared/data/pythontutorials/boef.jpg`
 * relative to the repository root (three folders above this file, in apps/tutorials/src or dist).
 *
 * @returns the path when the file exists, else undefined
 */
export function defaultCoursePhoto(): string | undefined {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const path = resolve(repoRoot, '../shared/data/pythontutorials/boef.jpg');
  return existsSync(path) ? path : undefined;
}
