// Compares what a program printed with the output a guide shows. Timings and the backend line vary
// between runs and are not compared; decimal numbers may differ a little (another backend rounds
// differently); whole numbers and all the words must be the same.

/** Replaces what changes from run to run: durations, and the backend selection line's details. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .map((line) =>
      line
        .replace(/^Backend: .*$/, 'Backend: …')
        .replace(/\b\d+(\.\d+)?\s?(ms|s)\/step\b/g, '…/step')
        .replace(/\b\d+(\.\d+)?\s?(ms|s)\b/g, '…s')
        .trimEnd(),
    )
    .join('\n')
    .trim();
}

const numberPattern = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/** Whether two lines say the same: same words, same whole numbers, decimals within `tolerance`. */
export function sameLine(actual: string, expected: string, tolerance: number): boolean {
  if (actual.replace(numberPattern, '#') !== expected.replace(numberPattern, '#')) return false;
  const actualNumbers = actual.match(numberPattern) ?? [];
  const expectedNumbers = expected.match(numberPattern) ?? [];
  return expectedNumbers.every((text, i) => {
    const other = actualNumbers[i] ?? '';
    if (!text.includes('.') && !other.includes('.')) return text === other;
    return Math.abs(Number(text) - Number(other)) <= tolerance;
  });
}

/**
 * The first difference between a program's output and the output a guide shows (after
 * {@link normalizeOutput}), or undefined when they agree. A line `...` in the expected output
 * matches any number of lines.
 */
export function outputDifference(actualText: string, expectedText: string, tolerance = 0.02): string | undefined {
  const actual = normalizeOutput(actualText).split('\n');
  const expected = normalizeOutput(expectedText).split('\n');
  const memo = new Map<number, boolean>();
  const match = (a: number, e: number): boolean => {
    const key = a * (expected.length + 1) + e;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (e === expected.length) result = a === actual.length;
    else if (expected[e] === '...') {
      result = false;
      for (let skip = a; skip <= actual.length && !result; skip++) result = match(skip, e + 1);
    } else result = a < actual.length && sameLine(actual[a] ?? '', expected[e] ?? '', tolerance) && match(a + 1, e + 1);
    memo.set(key, result);
    return result;
  };
  if (match(0, 0)) return undefined;
  // Point at the first line that differs, ignoring `...` gaps, for the failure message.
  let a = 0;
  for (let e = 0; e < expected.length; e++) {
    if (expected[e] === '...') {
      const next = expected[e + 1];
      while (a < actual.length && (next === undefined || !sameLine(actual[a] ?? '', next, tolerance))) a++;
      continue;
    }
    if (!sameLine(actual[a] ?? '', expected[e] ?? '', tolerance)) {
      return `line ${e + 1} of the shown output:\n  shown:   ${expected[e]}\n  printed: ${actual[a] ?? '(nothing)'}`;
    }
    a++;
  }
  return `the program printed ${actual.length - a} more line(s) than shown, from: ${actual[a] ?? ''}`;
}
