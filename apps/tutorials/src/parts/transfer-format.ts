/** ImageNet's domestic cat classes (Keras indices): tabby, tiger cat, Persian, Siamese, Egyptian cat. */
export const CAT_CLASSES: ReadonlySet<number> = new Set([281, 282, 283, 284, 285]);

/** The top ImageNet class of one photo, for the sanity check. */
export interface SanityRow {
  readonly image: string;
  readonly classIndex: number;
  readonly className: string;
  readonly score: number;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/**
 * The sanity check as the course reads it: each photo with its top ImageNet class, three to a line,
 * and a count of those in a domestic cat class.
 */
export function formatSanityCheck(rows: readonly SanityRow[]): string[] {
  const cells = rows.map((row) => `${fileName(row.image)} ${row.className} (${row.classIndex}) ${row.score.toFixed(2)}`);
  const width = Math.max(0, ...cells.map((cell) => cell.length)) + 2;
  const lines: string[] = [];
  for (let start = 0; start < cells.length; start += 3) lines.push(`  ${cells.slice(start, start + 3).map((cell) => cell.padEnd(width)).join('').trimEnd()}`);
  const cats = rows.filter((row) => CAT_CLASSES.has(row.classIndex)).length;
  const others = rows.filter((row) => !CAT_CLASSES.has(row.classIndex)).map((row) => fileName(row.image));
  lines.push(
    cats === rows.length
      ? `All ${rows.length} photos are put in a cat class (ImageNet 281-285): the base model sees cats.`
      : `${cats} of ${rows.length} photos are put in a cat class (ImageNet 281-285); not: ${others.join(', ')}.`,
  );
  return lines;
}

/** The argmax of the model for each class's photos, one line per class, and how many are right. */
export function formatArgmax(classNames: readonly string[], labels: readonly number[], predicted: readonly number[]): string[] {
  const width = Math.max(...classNames.map((name) => name.length));
  const lines = classNames.map((name, label) => {
    const mine = predicted.filter((_, i) => labels[i] === label);
    return `  ${name.padEnd(width)} photos (label ${label}): ${mine.join(' ')}`;
  });
  const right = predicted.filter((value, i) => value === labels[i]).length;
  lines.push(`  ${right} of ${predicted.length} right, on the photos the model trained on.`);
  return lines;
}

/** The chance of getting at least `right` of `count` right by guessing with probability `p` each. */
export function chanceOfAtLeast(right: number, count: number, p: number): number {
  let total = 0;
  let combinations = 1;
  for (let k = 0; k <= count; k++) {
    if (k > 0) combinations = (combinations * (count - k + 1)) / k;
    if (k >= right) total += combinations * p ** k * (1 - p) ** (count - k);
  }
  return Math.min(1, total);
}

/**
 * What the proper validation means, in plain words: overfitting when the training accuracy is high
 * and the validation accuracy is no better than guessing could give on that many photos.
 */
export function conclusion(trainingAccuracy: number, validationAccuracy: number, classes: number, trainCount: number, validationCount: number): string {
  const chance = 1 / classes;
  const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
  const right = Math.round(validationAccuracy * validationCount);
  const byLuck = chanceOfAtLeast(right, validationCount, chance);
  const seen = `Training accuracy ${percent(trainingAccuracy)} on the ${trainCount} photos the model learned from`;
  const unseen = `validation accuracy ${percent(validationAccuracy)} on the ${validationCount} photos it never saw`;
  if (trainingAccuracy < 0.9) {
    return `${seen} and ${unseen}: the model has not even fitted its training photos; train for more epochs.`;
  }
  if (byLuck >= 0.05) {
    const luck = validationAccuracy <= chance ? 'no better than guessing' : `close to the ${percent(chance)} of guessing: ${right} of ${validationCount} right happens by pure luck about one time in ${Math.max(1, Math.round(1 / byLuck))}`;
    return (
      `${seen}, but ${unseen}, ${luck}. ` +
      'The model has memorised its training photos instead of learning what tells the classes apart: it overfits. ' +
      'High accuracy on the data a model trained on says nothing about new photos; only held-out data can tell, and far more photos would be needed.'
    );
  }
  return `${seen} and ${unseen}: clearly better than guessing (${percent(chance)}), though below the training accuracy. Some of what it learned carries over to new photos; the gap between the two is overfitting.`;
}

/** A misclassified photo, as the validation section names it. */
export interface MisclassifiedRow {
  readonly source: string;
  readonly trueClass: string;
  readonly predictedClass: string;
  readonly score: number;
}

/** The misclassified photos, one per line: its file name, its class, what the model said and how sure it was. */
export function formatMisclassified(rows: readonly MisclassifiedRow[]): string[] {
  if (rows.length === 0) return ['No validation photo is misclassified.'];
  const width = Math.max(...rows.map((row) => fileName(row.source).length));
  return [
    `Misclassified (${rows.length}):`,
    ...rows.map((row) => `  ${fileName(row.source).padEnd(width)}  a ${row.trueClass} taken for a ${row.predictedClass} (score ${row.score.toFixed(2)})`),
  ];
}
