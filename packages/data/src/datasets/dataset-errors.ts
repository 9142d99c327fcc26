import { DendriteError } from '@dendrite/core';

/**
 * A labelled image dataset would hold no images: the folder has no class subfolders, a class
 * folder has no image files, no file matched the labelling rule, or the list of files is empty.
 * `source` names the folder (or the list) and `className` the class at fault, when there is one.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await imageDatasetFromDirectory('photos/pets');
 * } catch (error) {
 *   if (error instanceof EmptyDatasetError) console.log(error.source, error.className);
 * }
 * ```
 */
export class EmptyDatasetError extends DendriteError {
  /** The folder that was read, or a description of the list of files. */
  readonly source: string;
  /** The class without images, when the problem is one class rather than the whole dataset. */
  readonly className: string | undefined;

  /**
   * @param details - the folder or list, the class at fault (if any), what was found and how to fix it
   */
  constructor(details: { source: string; className?: string; problem: string; fix: string }) {
    super('empty-dataset', `${details.problem}. ${details.fix}`);
    this.source = details.source;
    this.className = details.className;
  }
}
