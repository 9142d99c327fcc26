import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { checkValidationSize } from './validation-size.js';

const cats = ['female', 'male'];

describe('checkValidationSize', () => {
  it('passes the course split and ordinary fractions', () => {
    expect(() => checkValidationSize(cats, [20, 20], 'first15')).not.toThrow();
    expect(() => checkValidationSize(cats, [20, 20], 0.25)).not.toThrow();
    // A class of one photo keeps it for training under a small fraction.
    expect(() => checkValidationSize(cats, [20, 1], 0.25)).not.toThrow();
  });

  it('--validation 0.99: names the class, the photos it would take and what to pass instead', () => {
    expect(() => checkValidationSize(cats, [20, 20], 0.99)).toThrow(InvalidArgumentError);
    expect(() => checkValidationSize(cats, [20, 20], 0.99)).toThrow(
      "Invalid --validation: --validation 0.99 would hold out 20 of the 20 photos of class 'female', leaving none to train on (photos per class: female 20, male 20). Pass --validation 0.25, or add photos.",
    );
  });

  it('a class with one photo under the course split: the numbers, and that first15 needs 6 per class', () => {
    expect(() => checkValidationSize(cats, [20, 1], 'first15')).toThrow(
      "Invalid --validation: --validation first15 would hold out 1 of the 1 photo of class 'male', leaving none to train on (photos per class: female 20, male 1). Pass --validation 0.25 (--validation first15 needs 6 photos or more per class), or add photos.",
    );
  });

  it('a split that holds out nothing, and one no fraction can fix', () => {
    expect(() => checkValidationSize(cats, [1, 1], 0.25)).toThrow(
      /would hold out no photo at all \(photos per class: female 1, male 1\)\. Add photos: a split needs 2 photos or more/,
    );
    expect(() => checkValidationSize(cats, [3, 3], 0.1)).toThrow(/hold out no photo at all .* Pass --validation 0\.25, or add photos\./);
  });
});
