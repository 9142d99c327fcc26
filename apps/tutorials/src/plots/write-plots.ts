import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassificationReport, History } from '@dendrite/core';
import { confusionMatrixSpec, trainingCurvesSpec } from './training-plots.js';
import { renderSvg } from './vega-svg.js';

/** What `--plots DIR` draws. */
export interface PlotsInput {
  readonly history: History['history'];
  readonly report: ClassificationReport;
  /** The first epoch of a fine-tuning phase that `history` continues into, marked on the curves. */
  readonly fineTuningFrom?: number;
}

/**
 * Writes `training-curves.svg` and `confusion-matrix.svg` into `folder` (created when missing). With
 * `fineTuningFrom`, the curves run on through the fine-tuning epochs, marked where they start.
 *
 * @returns the paths written
 */
export async function writePlots(folder: string, { history, report, fineTuningFrom }: PlotsInput): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: Array<[string, Promise<string>]> = [
    [
      'training-curves.svg',
      renderSvg(
        fineTuningFrom === undefined
          ? trainingCurvesSpec(history, 'Training with validation')
          : trainingCurvesSpec(history, 'Training with validation, then fine-tuning', fineTuningFrom),
      ),
    ],
    ['confusion-matrix.svg', renderSvg(confusionMatrixSpec(report, 'Validation: confusion matrix'))],
  ];
  const written: string[] = [];
  for (const [name, svg] of files) {
    const path = join(folder, name);
    await writeFile(path, await svg);
    written.push(path);
  }
  return written;
}
