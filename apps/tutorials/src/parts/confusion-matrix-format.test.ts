import { classificationReport } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { formatConfusionMatrix } from './confusion-matrix-format.js';

describe('formatConfusionMatrix', () => {
  it('puts true classes in rows and predictions in columns', () => {
    expect(formatConfusionMatrix(classificationReport([0, 1, 1], [0, 1, 0], { classNames: ['female', 'male'] }))).toEqual([
      'true \\ predicted  female  male',
      'female                 1     0',
      'male                   1     1',
    ]);
  });
});
