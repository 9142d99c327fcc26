import { InvalidArgumentError, ResourceNotFoundError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { errorReport } from './error-report.js';
import { AssetsUnavailableError } from './parts/assets-unavailable-error.js';

describe('errorReport', () => {
  it('an option error: its name, code, message, the option, and the advice after the problem', () => {
    const error = new InvalidArgumentError('--top', "expected a whole number >= 1, got '0'", 'Pass for example --top 5.');
    expect(errorReport(error)).toEqual({
      name: 'InvalidArgumentError',
      code: 'invalid-argument',
      message: "Invalid --top: expected a whole number >= 1, got '0'. Pass for example --top 5.",
      path: null,
      option: '--top',
      advice: 'Pass for example --top 5.',
    });
  });

  it('a file error: the path from its context fields', () => {
    const report = errorReport(new ResourceNotFoundError('/photos/missing.jpg'));
    expect(report.path).toBe('/photos/missing.jpg');
    expect(report.option).toBeNull();
    expect(report.advice).toBe('Check the path (relative paths start at the working directory).');
  });

  it('the classifier files that could not be had: the first one as the path, the lines after as advice', () => {
    const report = errorReport(
      new AssetsUnavailableError([{ what: 'weights', source: '/w/model.json', cause: new ResourceNotFoundError('/w/model.json') }]),
    );
    expect(report.name).toBe('AssetsUnavailableError');
    expect(report.path).toBe('/w/model.json');
    expect(report.advice).toMatch(
      /^Check the path \(relative paths start at the working directory\)\. To run without downloading, .* --weights path\/to\/model\.json /,
    );
  });

  it('anything else is a bug: code unexpected, and the advice to report it', () => {
    const report = errorReport(new TypeError('x is undefined'));
    expect(report).toMatchObject({ name: 'TypeError', code: 'unexpected', message: 'x is undefined', path: null });
    expect(report.advice).toMatch(/bug in Dendrite.*DENDRITE_DEBUG=1/);
  });
});
