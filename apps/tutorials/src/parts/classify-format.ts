import type { ImageNetPrediction } from '@dendrite/mobilenet';

/** A shape as Python prints a tuple: `(1, 1000)`. */
export function formatTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** A score with four decimals, as the course's output is read. */
export function formatScore(score: number): string {
  return score.toFixed(4);
}

/**
 * The decoded top classes as a table, best first: rank, class index, WordNet id, name and score,
 * with the columns aligned.
 */
export function formatTopClasses(top: readonly ImageNetPrediction[]): string[] {
  const nameWidth = Math.max(4, ...top.map((p) => p.className.length));
  const header = `  #  class  WordNet id  ${'name'.padEnd(nameWidth)}  score`;
  const rows = top.map(
    (p, rank) =>
      `${String(rank + 1).padStart(3)}  ${String(p.classIndex).padStart(5)}  ${p.wordnetId.padEnd(10)}  ${p.className.padEnd(nameWidth)}  ${formatScore(p.score)}`,
  );
  return [header, ...rows];
}

/** The lines shown for one classified image, following the course's steps. */
export function formatClassification(details: {
  readonly image: string;
  readonly inputShape: readonly number[];
  readonly predictionShape: readonly number[];
  readonly mostActive: { readonly classIndex: number; readonly score: number };
  readonly top: readonly ImageNetPrediction[];
}): string[] {
  const [, height, width] = details.inputShape;
  return [
    details.image,
    `  x: the photo resized to ${height} x ${width}, batched as ${formatTuple(details.inputShape)}, pixels scaled to -1..1 by preprocessInput`,
    `  model.predict(x).shape: ${formatTuple(details.predictionShape)}`,
    `  most active output neuron: ${details.mostActive.classIndex} (score ${formatScore(details.mostActive.score)})`,
    `  decodePredictions(predictions, top=${details.top.length}):`,
    ...formatTopClasses(details.top).map((line) => `  ${line}`),
  ];
}
