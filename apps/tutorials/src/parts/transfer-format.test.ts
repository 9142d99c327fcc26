import { describe, expect, it } from 'vitest';
import { chanceOfAtLeast, conclusion, formatArgmax, formatSanityCheck } from './transfer-format.js';

describe('the transfer part’s text', () => {
  it('lists the sanity check four photos to a line and counts the cats', () => {
    const rows = ['f01', 'f02', 'm01', 'm02', 'm03'].map((name, i) => ({
      image: `/data/cats/${name}.jpg`,
      classIndex: i === 4 ? 330 : 281 + i,
      className: i === 4 ? 'wood_rabbit' : 'tabby',
      score: 0.5,
    }));
    const lines = formatSanityCheck(rows);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {2}f01\.jpg tabby \(281\) 0\.50 +f02\.jpg tabby \(282\) 0\.50 +m01\.jpg tabby \(283\) 0\.50$/);
    expect(lines[1]).toMatch(/^ {2}m02\.jpg tabby \(284\) 0\.50 +m03\.jpg wood_rabbit \(330\) 0\.50$/);
    expect(lines[2]).toBe('4 of 5 photos are put in a cat class (ImageNet 281-285); not: m03.jpg.');
    expect(formatSanityCheck(rows.slice(0, 2)).at(-1)).toBe(
      'All 2 photos are put in a cat class (ImageNet 281-285): the base model sees cats.',
    );
  });

  it('gives the argmax per class and how many are right', () => {
    expect(formatArgmax(['female', 'male'], [0, 0, 1, 1], [0, 1, 1, 1])).toEqual([
      '  female photos (label 0): 0 1',
      '  male   photos (label 1): 1 1',
      '  3 of 4 right, on the photos the model trained on.',
    ]);
  });

  it('says plainly when the model overfits, and when it does not', () => {
    expect(conclusion(1, 0.5, 2, 30, 10)).toMatch(
      /^Training accuracy 100 % on the 30 photos .*, but validation accuracy 50 % on the 10 photos it never saw, no better than guessing\. .*it overfits\./,
    );
    // 7 of 10 by coin tosses: 176 / 1024, about one time in six.
    expect(conclusion(1, 0.7, 2, 30, 10)).toMatch(
      /close to the 50 % of guessing: 7 of 10 right happens by pure luck about one time in 6\. .*it overfits/,
    );
    expect(conclusion(1, 0.9, 2, 30, 10)).toMatch(/clearly better than guessing/);
    expect(conclusion(0.6, 0.5, 2, 30, 10)).toMatch(/not even fitted/);
  });

  it('computes the chance of guessing at least so many right', () => {
    expect(chanceOfAtLeast(7, 10, 0.5)).toBeCloseTo(176 / 1024, 12);
    expect(chanceOfAtLeast(0, 10, 0.5)).toBeCloseTo(1, 12);
    expect(chanceOfAtLeast(2, 2, 1 / 3)).toBeCloseTo(1 / 9, 12);
  });
});
