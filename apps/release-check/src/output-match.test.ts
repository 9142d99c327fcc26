import { describe, expect, it } from 'vitest';
import { normalizeOutput, outputDifference, sameLine } from './output-match.js';

describe('normalizeOutput', () => {
  it('hides durations and the backend details', () => {
    expect(normalizeOutput('Backend: wasm (2 threads, 365 ms)\n313/313 - 0s - loss: 0.5678\n2/2 [==] - 0s 6ms/step - loss: 0.85  ')).toBe(
      'Backend: …\n313/313 - …s - loss: 0.5678\n2/2 [==] - …s …/step - loss: 0.85',
    );
  });
});

describe('sameLine', () => {
  it('allows decimals within the tolerance and nothing else', () => {
    expect(sameLine('loss: 0.5733 - accuracy: 0.7207', 'loss: 0.5678 - accuracy: 0.7495', 0.05)).toBe(true);
    expect(sameLine('loss: 0.5733 - accuracy: 0.7207', 'loss: 0.5678 - accuracy: 0.7495', 0.01)).toBe(false);
    expect(sameLine('Total params: 35', 'Total params: 34', 0.5)).toBe(false);
    expect(sameLine('lost: 0.5', 'loss: 0.5', 0.5)).toBe(false);
  });
});

describe('outputDifference', () => {
  it('accepts equal output, and `...` for left-out lines', () => {
    expect(outputDifference('a\nb\nc\nd', 'a\n...\nd')).toBeUndefined();
    expect(outputDifference('a\nd', 'a\n...\nd')).toBeUndefined();
    expect(outputDifference('a 1\nb', 'a 1\nb')).toBeUndefined();
  });

  it('names the first line that differs, and extra lines', () => {
    expect(outputDifference('a\nb 2\nc', 'a\nb 3\nc')).toBe('line 2 of the shown output:\n  shown:   b 3\n  printed: b 2');
    expect(outputDifference('a\nb\nc', 'a\nb')).toBe('the program printed 1 more line(s) than shown, from: c');
    expect(outputDifference('a\nx\nc', 'a\n...\nd')).toMatch(/shown: {3}d/);
  });
});
