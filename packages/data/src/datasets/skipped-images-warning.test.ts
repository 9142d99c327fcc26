import { ImageDecodeError, ResourceNotFoundError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { skippedImage, skippedImagesWarning } from './skipped-images-warning.js';

describe('skippedImage', () => {
  it("uses a decode error's short reason, else the message", () => {
    expect(skippedImage('a.jpg', new ImageDecodeError('a.jpg', 'truncated')).reason).toBe('truncated');
    expect(skippedImage('b.jpg', new ResourceNotFoundError('b.jpg')).reason).toMatch(/^Nothing found at b.jpg/);
    expect(skippedImage('c.jpg', 'odd').reason).toBe('odd');
  });
});

describe('skippedImagesWarning', () => {
  it('names up to ten images and counts the rest', () => {
    const skipped = Array.from({ length: 12 }, (_, i) => skippedImage(`${i}.jpg`, new Error('bad')));
    const warning = skippedImagesWarning(skipped, 100);
    expect(warning.skipped).toBe(skipped);
    expect(warning.message).toBe(
      '12 of 100 images could not be read or decoded and were skipped: ' +
        Array.from({ length: 10 }, (_, i) => `${i}.jpg (bad)`).join('; ') +
        ', and 2 more. Remove or replace them, or pass strict: true to stop at the first one instead.',
    );
  });

  it('speaks of one image in the singular', () => {
    expect(skippedImagesWarning([skippedImage('a.png', new Error('empty'))], 1).message).toMatch(
      /^1 of 1 image could not be read or decoded and was skipped: a.png \(empty\)\./,
    );
  });
});
