import type { ClassificationReport, ClassScores } from './classification-report.js';

/** `value` with `digits` decimals, ties to even as Python's format does (JS's toFixed rounds them up). */
function fixed(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && floor % 2 === 0 && floor / 10 ** digits + 0.5 / 10 ** digits === value) return (floor / 10 ** digits).toFixed(digits);
  return value.toFixed(digits);
}

/**
 * The report as scikit-learn's `classification_report` prints it (same columns, widths and
 * rounding), one string per line.
 *
 * @param report - from {@link classificationReport}
 * @param digits - decimals of the scores; default 2, as scikit-learn
 * @returns the lines of the table
 * @category Training
 * @example
 * ```ts
 * formatClassificationReport(classificationReport(yTrue, yPred, { classNames })).forEach((line) => console.log(line));
 * //               precision    recall  f1-score   support
 * //
 * //       female       0.80      0.80      0.80         5
 * // ...
 * ```
 */
export function formatClassificationReport(report: ClassificationReport, digits = 2): string[] {
  const width = Math.max('weighted avg'.length, digits, ...report.classNames.map((name) => name.length));
  const cell = (text: string): string => ` ${text.padStart(9)}`;
  const row = (name: string, s: ClassScores): string => `${name.padStart(width)} ${[s.precision, s.recall, s.f1Score].map((v) => cell(fixed(v, digits))).join('')}${cell(String(s.support))}`;
  const support = report.macroAvg.support;
  return [
    `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}`,
    '',
    ...report.classNames.map((name) => row(name, report.classes[name] as ClassScores)),
    '',
    `${'accuracy'.padStart(width)} ${cell('')}${cell('')}${cell(fixed(report.accuracy, digits))}${cell(String(support))}`,
    row('macro avg', report.macroAvg),
    row('weighted avg', report.weightedAvg),
  ];
}

/**
 * The confusion matrix as a table: a row per true class, a column per predicted class.
 *
 * @param report - from {@link classificationReport}
 * @returns the lines of the table
 * @category Training
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
  const line = (label: string, cells: readonly string[]): string => [label.padEnd(first), ...cells.map((text, c) => text.padStart(widths[c] as number))].join('  ');
  return [line(corner, report.classNames), ...report.classNames.map((name, t) => line(name, (report.confusionMatrix[t] ?? []).map(String)))];
}
