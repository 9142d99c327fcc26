import { InvalidArgumentError } from '@dendrite/core';

/** The course's split: the last 5 photos of each class validate. */
const COURSE_HELD_OUT = 5;

function heldOut(validation: 'first15' | number, photos: number): number {
  // As stratifiedSplit counts: the last 5 per class, or the fraction of each class rounded.
  return validation === 'first15' ? COURSE_HELD_OUT : Math.round(validation * photos);
}

function works(validation: 'first15' | number, counts: readonly number[]): boolean {
  const held = counts.map((count) => heldOut(validation, count));
  return held.every((count, i) => count < (counts[i] as number)) && held.some((count) => count > 0);
}

function describe(validation: 'first15' | number): string {
  return validation === 'first15' ? '--validation first15' : `--validation ${validation}`;
}

/**
 * Checks, before any photo is read or any training starts, that `--validation` leaves photos of
 * every class to train on and holds out at least one photo: otherwise the split fails only after the
 * whole first training run. The message gives the photos per class, what the split would leave, and
 * a `--validation` that works (or that photos must be added).
 *
 * @param classNames - the classes, in label order
 * @param counts - photos per class, in label order
 * @param validation - `'first15'` or a fraction
 * @throws {@link @dendrite/core!InvalidArgumentError} for `--validation`, with the numbers
 * @internal
 * @example
 * ```ts
 * checkValidationSize(dataset.classNames, dataset.classCounts(), 0.99); // throws: nothing left to train on
 * ```
 */
export function checkValidationSize(classNames: readonly string[], counts: readonly number[], validation: 'first15' | number): void {
  if (works(validation, counts)) return;
  const perClass = classNames.map((name, i) => `${name} ${counts[i]}`).join(', ');
  const alternative = [0.25, 0.5].find((fraction) => fraction !== validation && works(fraction, counts));
  const instead =
    alternative === undefined
      ? 'Add photos: a split needs 2 photos or more in some class, and 1 or more in every class left to train on.'
      : `Pass --validation ${alternative}${validation === 'first15' ? ` (--validation first15 needs ${COURSE_HELD_OUT + 1} photos or more per class)` : ''}, or add photos.`;
  const tooFew = classNames.findIndex((_, i) => heldOut(validation, counts[i] as number) >= (counts[i] as number));
  if (tooFew >= 0) {
    const count = counts[tooFew] as number;
    const held = heldOut(validation, count);
    throw new InvalidArgumentError(
      '--validation',
      `${describe(validation)} would hold out ${Math.min(held, count)} of the ${count} photo${count === 1 ? '' : 's'} of class '${classNames[tooFew]}', leaving none to train on (photos per class: ${perClass})`,
      instead,
    );
  }
  throw new InvalidArgumentError(
    '--validation',
    `${describe(validation)} would hold out no photo at all (photos per class: ${perClass})`,
    instead,
  );
}
