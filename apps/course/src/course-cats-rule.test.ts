import { describe, expect, it } from 'vitest';
import { courseCatsRule } from './course-cats-rule.js';

describe('courseCatsRule', () => {
  it('labels f.. female and m.. male, any letter case, and leaves other names out', () => {
    expect(courseCatsRule.classNames).toEqual(['female', 'male']);
    expect(courseCatsRule.labelOf('f01.jpg', 'cats/f01.jpg')).toBe('female');
    expect(courseCatsRule.labelOf('m20.jpg', 'm20.jpg')).toBe('male');
    expect(courseCatsRule.labelOf('M07.JPG', 'M07.JPG')).toBe('male');
    for (const name of ['boef.jpg', 'fm01.jpg', 'f.jpg', 'x01.jpg', 'f01.jpg.bak']) {
      expect(courseCatsRule.labelOf(name, name)).toBeUndefined();
    }
  });
});
