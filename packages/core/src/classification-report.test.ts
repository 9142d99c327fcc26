import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classificationReport, type ClassScores } from './classification-report.js';
import { formatClassificationReport, formatConfusionMatrix } from './classification-report-format.js';
import { InvalidArgumentError } from './errors.js';

interface SklearnScores {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  readonly support: number;
}
interface SklearnCase {
  readonly yTrue: number[];
  readonly yPred: number[];
  readonly confusionMatrix: number[][];
  readonly report: Record<string, SklearnScores | number>;
  readonly text: string;
}
// Written by fixtures/make-classification-report.py with scikit-learn.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/classification-report.json', import.meta.url), 'utf8')) as {
  classNames: string[];
  cases: Record<string, SklearnCase>;
};

function expectScores(actual: ClassScores | undefined, expected: SklearnScores): number {
  expect(actual?.support).toBe(expected.support);
  const differences = [actual!.precision - expected.precision, actual!.recall - expected.recall, actual!.f1Score - expected['f1-score']].map(Math.abs);
  differences.forEach((difference) => expect(difference).toBeLessThanOrEqual(1e-9));
  return Math.max(...differences);
}

describe('classificationReport', () => {
  for (const [name, sk] of Object.entries(fixture.cases)) {
    it(`equals scikit-learn's confusion_matrix and classification_report (${name})`, () => {
      const report = classificationReport(sk.yTrue, sk.yPred, { classNames: fixture.classNames });
      expect(report.confusionMatrix).toEqual(sk.confusionMatrix);
      let largest = 0;
      for (const className of fixture.classNames) largest = Math.max(largest, expectScores(report.classes[className], sk.report[className] as SklearnScores));
      largest = Math.max(largest, expectScores(report.macroAvg, sk.report['macro avg'] as SklearnScores), expectScores(report.weightedAvg, sk.report['weighted avg'] as SklearnScores));
      expect(Math.abs(report.accuracy - (sk.report['accuracy'] as number))).toBeLessThanOrEqual(1e-9);
      expect(largest).toBeLessThanOrEqual(1e-9);
    });

    it(`prints the table scikit-learn prints (${name})`, () => {
      const report = classificationReport(sk.yTrue, sk.yPred, { classNames: fixture.classNames });
      expect(formatClassificationReport(report).join('\n')).toBe(sk.text.replace(/\n$/, ''));
    });
  }

  it('names classes by index when no names are given', () => {
    const report = classificationReport([0, 2], [0, 2]);
    expect(report.classNames).toEqual(['0', '1', '2']);
    expect(report.classes['1']).toEqual({ precision: 0, recall: 0, f1Score: 0, support: 0 });
    expect(report.accuracy).toBe(1);
  });

  it('rejects labels that are not class indices, and lists of different lengths', () => {
    expect(() => classificationReport([0, 1], [0])).toThrow(InvalidArgumentError);
    expect(() => classificationReport([0, 0.5], [0, 1])).toThrow(/element 1 is 0.5/);
    expect(() => classificationReport([0, 2], [0, 1], { classNames: ['a', 'b'] })).toThrow(/from 0 to 1/);
  });

  it('rounds ties to even as Python does', () => {
    // precision of class 0 is 1/8 = 0.125: Python prints 0.12, toFixed would print 0.13.
    const report = classificationReport([0, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0], { classNames: ['a', 'b'] });
    expect(formatClassificationReport(report)[2]).toBe('           a       0.12      1.00      0.22         1');
  });
});

describe('formatConfusionMatrix', () => {
  it('puts true classes in rows and predictions in columns', () => {
    expect(formatConfusionMatrix(classificationReport([0, 1, 1], [0, 1, 0], { classNames: ['female', 'male'] }))).toEqual([
      'true \\ predicted  female  male',
      'female                 1     0',
      'male                   1     1',
    ]);
  });
});
