import type { FileNameRule } from '@dendrite/data';

const catFileName = /^([fm])\d+\.[a-z]+$/i;

/**
 * The labelling rule of the course's cat photos: `f01.jpg` ... `f20.jpg` are female cats (label 0)
 * and `m01.jpg` ... `m20.jpg` male cats (label 1). Any other file is left out. Pass it to
 * `imageDatasetFromFiles`. Course content, so it lives in the app, not in @dendrite/data.
 *
 * @example
 * ```ts
 * await useNodePlatform();
 * const cats = await imageDatasetFromFiles('data/cats', courseCatsRule);
 * console.log(cats.classNames); // ['female', 'male']
 * ```
 */
export const courseCatsRule: FileNameRule = Object.freeze({
  classNames: Object.freeze(['female', 'male']),
  labelOf: (fileName: string): string | undefined => {
    const prefix = catFileName.exec(fileName)?.[1]?.toLowerCase();
    if (prefix === 'f') return 'female';
    return prefix === 'm' ? 'male' : undefined;
  },
});
