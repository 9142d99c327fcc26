import type { FileNameRule } from '../datasets/image-dataset-from-files.js';

/** The course's file names in tests: f01.jpg female, m01.jpg male, other names left out. */
export const catsRule: FileNameRule = {
  classNames: ['female', 'male'],
  labelOf: (fileName) => ({ f: 'female', m: 'male' })[/^([fm])\d+\.[a-z]+$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''],
};
