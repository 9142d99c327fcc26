import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { createEventProgress, type ProgressEventDetail } from './console-progress.js';

describe('createEventProgress', () => {
  it('sends start, update and done events a page can draw', () => {
    const events: ProgressEventDetail[] = [];
    const progress = createEventProgress('Extracting features', 4, (event) => events.push(event));
    progress.update(1);
    progress.update(3, 'cat 3 of 4');
    progress.done('40 images');
    expect(events.map(({ type, label, current, total, fraction, detail }) => ({ type, label, current, total, fraction, detail }))).toEqual([
      { type: 'start', label: 'Extracting features', current: 0, total: 4, fraction: 0, detail: undefined },
      { type: 'update', label: 'Extracting features', current: 1, total: 4, fraction: 0.25, detail: undefined },
      { type: 'update', label: 'Extracting features', current: 3, total: 4, fraction: 0.75, detail: 'cat 3 of 4' },
      { type: 'done', label: 'Extracting features', current: 3, total: 4, fraction: 0.75, detail: '40 images' },
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
    const elapsed = events.map((event) => event.elapsedMs);
    expect(elapsed.every((ms, index) => ms >= 0 && (index === 0 || ms >= elapsed[index - 1]!))).toBe(true);
  });

  it('ignores calls after done, clamps the fraction, and treats a total of 0 as complete', () => {
    const events: ProgressEventDetail[] = [];
    const progress = createEventProgress('Epoch 1/10', 2, (event) => events.push(event));
    progress.update(5);
    progress.done();
    progress.update(1);
    progress.done();
    expect(events.map((event) => [event.type, event.fraction])).toEqual([
      ['start', 0],
      ['update', 1],
      ['done', 1],
    ]);
    const nothing: ProgressEventDetail[] = [];
    createEventProgress('Nothing to do', 0, (event) => nothing.push(event)).done();
    expect(nothing.map((event) => event.fraction)).toEqual([1, 1]);
  });

  it('gives each indicator its own id, and works without a listener', () => {
    const ids: number[] = [];
    createEventProgress('a', 1, (event) => ids.push(event.id));
    createEventProgress('b', 1, (event) => ids.push(event.id));
    expect(ids[0]).not.toBe(ids[1]);
    const silent = createEventProgress('silent', 3);
    expect(() => {
      silent.update(2);
      silent.done();
    }).not.toThrow();
  });

  it('rejects a negative or non-finite total', () => {
    expect(() => createEventProgress('x', -1)).toThrow(InvalidArgumentError);
    expect(() => createEventProgress('x', Number.NaN)).toThrow(/total/);
  });
});
