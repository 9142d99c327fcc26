import type { ClassificationReport } from '@dendrite/core';

/**
 * The confusion matrix as a table: a row per true class, a column per predicted class.
 *
 * @param report - from core's `classificationReport`
 * @returns the lines of the table
 * @example
 * ```ts
 * formatConfusionMatrix(classificationReport([0, 1, 1], [0, 1, 0], { classNames: ['female', 'male'] })).forEach((line) => console.log(line));
 * // true \ predicted  female  male
 * // female                 1     0
 * // male                   1     1
 * ```
 */
export function formatConfusionMatrix(report: ClassificationReport): string[] {
  const corner = 'true \\ predicted';
  const first = Math.max(corner.length, ...report.classNames.map((name) => name.length));
  const widths = report.classNames.map((name, c) => Math.max(name.length, ...report.confusionMatrix.map((row) => String(row[c]).length)));
  const line = (label: string, cells: readonly string[]): string =>
    [label.padEnd(first), ...cells.map((text, c) => text.padStart(widths[c] as number))].join('  ');
  return [
    line(corner, report.classNames),
    ...report.classNames.map((name, t) => line(name, (report.confusionMatrix[t] ?? []).map(String))),
  ];
}
