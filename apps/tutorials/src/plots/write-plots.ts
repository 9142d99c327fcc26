import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassificationReport, History } from '@dendrite/core';
import { confusionMatrixSpec, trainingCurvesSpec } from './training-plots.js';
import { renderSvg } from './vega-svg.js';

/** What `--plots DIR` draws. */
export interface PlotsInput {
  readonly history: History['history'];
  readonly report: ClassificationReport;
}

/**
 * Writes `training-curves.svg` and `confusion-matrix.svg` into `folder` (created when missing).
 *
 * @returns the paths written
 */
export async function writePlots(folder: string, { history, report }: PlotsInput): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: Array<[string, Promise<string>]> = [
    ['training-curves.svg', renderSvg(trainingCurvesSpec(history, 'Training with validation'))],
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
