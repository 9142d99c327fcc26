import { InvalidArgumentError } from './errors.js';

/**
 * Precision, recall, F1 score and support of one class, or an average of them over the classes.
 *
 * @category Training
 * @example
 * ```ts
 * const { precision, recall, f1Score, support }: ClassScores = report.classes['female'];
 * ```
 */
export interface ClassScores {
  /** Of the examples predicted as this class, the fraction that are (0 when none is predicted). */
  readonly precision: number;
  /** Of the examples of this class, the fraction predicted as it (0 when there are none). */
  readonly recall: number;
  /** The harmonic mean of precision and recall (0 when both are 0). */
  readonly f1Score: number;
  /** How many examples truly belong to the class (for an average: to all classes). */
  readonly support: number;
}

/**
 * What {@link classificationReport} returns: scikit-learn's `confusion_matrix` and
 * `classification_report` (with `zero_division=0`) as plain data.
 *
 * @category Training
 * @example
 * ```ts
 * const report: ClassificationReport = classificationReport([0, 1, 1], [0, 1, 0], { classNames: ['cat', 'dog'] });
 * console.log(report.confusionMatrix); // [[1, 0], [1, 1]]: rows are true classes, columns predictions
 * ```
 */
export interface ClassificationReport {
  /** The class names, in the order of the matrix's rows and columns. */
  readonly classNames: readonly string[];
  /** `confusionMatrix[t][p]`: how many examples of class `t` were predicted as class `p`. */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** The scores of each class, by name. */
  readonly classes: Readonly<Record<string, ClassScores>>;
  /** The fraction of examples predicted right. */
  readonly accuracy: number;
  /** The unweighted mean of the classes' scores (support: the total). */
  readonly macroAvg: ClassScores;
  /** The mean of the classes' scores weighted by their support (support: the total). */
  readonly weightedAvg: ClassScores;
}

/**
 * Options of {@link classificationReport}.
 *
 * @category Training
 * @example
 * ```ts
 * const options: ClassificationReportOptions = { classNames: ['female', 'male'] };
 * ```
 */
export interface ClassificationReportOptions {
  /**
   * The name of each class index. Default: `'0'`, `'1'`, ... up to the largest label seen. Classes
   * with no example and no prediction still get a row, as scikit-learn's `labels=` gives them.
   */
  readonly classNames?: readonly string[];
}

function checkLabels(argument: string, labels: ArrayLike<number>, classCount: number | undefined): void {
  for (let i = 0; i < labels.length; i += 1) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || (classCount !== undefined && label >= classCount)) {
      const range = classCount === undefined ? 'a class index (an integer >= 0)' : `a class index from 0 to ${classCount - 1}`;
      throw new InvalidArgumentError(argument, `element ${i} is ${label}, not ${range}`, 'Pass class indices (the argmax of the predictions), not scores or one-hot rows.');
    }
  }
}

/** a / b, or 0 when b is 0 (scikit-learn's zero_division=0). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function mean(scores: readonly ClassScores[], weights: readonly number[]): ClassScores {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const average = (pick: (s: ClassScores) => number): number => ratio(scores.reduce((sum, s, i) => sum + pick(s) * (weights[i] as number), 0), total);
  const support = scores.reduce((sum, s) => sum + s.support, 0);
  return { precision: average((s) => s.precision), recall: average((s) => s.recall), f1Score: average((s) => s.f1Score), support };
}

/**
 * The confusion matrix and per-class precision, recall, F1 and support of class predictions, with
 * accuracy and the macro and weighted averages: scikit-learn's `confusion_matrix` and
 * `classification_report(..., zero_division=0)`, to the last bits of a double.
 *
 * @param yTrue - the true class index of each example
 * @param yPred - the predicted class index of each example (the argmax of the model's scores)
 * @param options - the class names
 * @returns the report, as plain numbers
 * @throws InvalidArgumentError when the two lists differ in length or hold something other than class indices
 * @category Training
 * @example
 * ```ts
 * const report = classificationReport([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], { classNames: ['female', 'male'] });
 * console.log(report.accuracy); // 0.6
 * console.log(report.classes.male.recall); // 2 of the 3 males found: 0.666...
 * console.log(report.confusionMatrix); // [[1, 1], [1, 2]]
 * ```
 */
export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: ClassificationReportOptions = {}): ClassificationReport {
  if (yTrue.length !== yPred.length) {
    throw new InvalidArgumentError('yPred', `has ${yPred.length} labels but yTrue has ${yTrue.length}`, 'Pass one prediction per example, in the same order as the true labels.');
  }
  const given = options.classNames;
  checkLabels('yTrue', yTrue, given?.length);
  checkLabels('yPred', yPred, given?.length);
  let largest = -1;
  for (let i = 0; i < yTrue.length; i += 1) largest = Math.max(largest, yTrue[i] as number, yPred[i] as number);
  const classNames = given ?? Array.from({ length: largest + 1 }, (_, i) => String(i));
  if (new Set(classNames).size !== classNames.length) {
    throw new InvalidArgumentError('classNames', `has a repeated name (${classNames.join(', ')})`, 'Give each class its own name.');
  }

  const n = classNames.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < yTrue.length; i += 1) {
    const row = matrix[yTrue[i] as number] as number[];
    const column = yPred[i] as number;
    row[column] = (row[column] as number) + 1;
  }

  const scores = classNames.map((_, c): ClassScores => {
    const row = matrix[c] as number[];
    const truePositives = row[c] as number;
    const support = row.reduce((sum, v) => sum + v, 0);
    const predicted = matrix.reduce((sum, r) => sum + (r[c] as number), 0);
    // F1 as scikit-learn computes it: 2·tp / (true + predicted), the same value as 2pr / (p + r).
    return { precision: ratio(truePositives, predicted), recall: ratio(truePositives, support), f1Score: ratio(2 * truePositives, support + predicted), support };
  });
  const correct = matrix.reduce((sum, row, c) => sum + (row[c] as number), 0);
  return {
    classNames: [...classNames],
    confusionMatrix: matrix,
    classes: Object.fromEntries(classNames.map((name, c) => [name, scores[c] as ClassScores])),
    accuracy: ratio(correct, yTrue.length),
    macroAvg: mean(scores, scores.map(() => 1)),
    weightedAvg: mean(scores, scores.map((s) => s.support)),
  };
}
