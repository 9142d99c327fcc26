import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './cli-options.js';

describe('parseCommandLine --engine', () => {
  it('defaults to auto and takes tfjs or onnxruntime', () => {
    expect(parseCommandLine(['classify', 'photo.jpg']).common.engine).toBe('auto');
    expect(parseCommandLine(['classify', '--engine', 'tfjs']).common.engine).toBe('tfjs');
    expect(parseCommandLine(['transfer', '--engine', 'onnxruntime']).common.engine).toBe('onnxruntime');
  });

  it('refuses an unknown engine, naming the choices', () => {
    expect(() => parseCommandLine(['classify', '--engine', 'tensorrt'])).toThrow(InvalidArgumentError);
    expect(() => parseCommandLine(['classify', '--engine', 'tensorrt'])).toThrow(/auto, tfjs, onnxruntime/);
  });
});
