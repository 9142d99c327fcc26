import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { inapplicableOptions, parseCommandLine } from './cli-options.js';

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

describe('parseCommandLine: empty values and unknown options', () => {
  it('refuses an empty value, naming the option, instead of taking the current folder', () => {
    expect(() => parseCommandLine(['classify', 'boef.jpg', '--cache-dir', ''])).toThrow(
      /^Invalid --cache-dir: the value is empty\. Pass a folder, as in --cache-dir/,
    );
    expect(() => parseCommandLine(['classify', 'boef.jpg', '--weights', ''])).toThrow(
      /^Invalid --weights: the value is empty\. Pass imagenet, imagenet-uint8, or the path/,
    );
    expect(() => parseCommandLine(['transfer', 'cats', '--save', '  '])).toThrow(/^Invalid --save: the value is empty/);
  });

  it('refuses an unknown option as a typing mistake, naming it', () => {
    expect(() => parseCommandLine(['basics', '--epoch', '3'])).toThrow(
      "Invalid command line: '--epoch' is not an option of dendrite-tutorials. Run with --help to see the options.",
    );
  });
});

describe('inapplicableOptions', () => {
  it('warns once per option the command does not take, naming the command and those that take it', () => {
    const parsed = parseCommandLine(['basics', '--epochs', '3', '--weights', 'imagenet', '--cats', 'x', '--seed', '1', '--json']);
    expect(inapplicableOptions(parsed)).toEqual([
      'Warning: --epochs does not apply to basics and is ignored; it is taken by transfer and course.',
      'Warning: --weights does not apply to basics and is ignored; it is taken by classify, transfer, explain and course.',
      'Warning: --cats does not apply to basics and is ignored; it is taken by course.',
    ]);
    expect(inapplicableOptions(parseCommandLine(['classify', 'boef.jpg', '--fast']))).toEqual([
      'Warning: --fast does not apply to classify and is ignored; it is taken by transfer and course.',
    ]);
  });

  it('says nothing when every option applies, or for the options every command takes', () => {
    expect(inapplicableOptions(parseCommandLine(['course', '--cats', 'x', '--epochs', '3', '--top', '2', '--offline']))).toEqual([]);
    expect(inapplicableOptions(parseCommandLine(['explain', 'boef.jpg', '--out', 'x.png', '--model', 'm']))).toEqual([]);
    expect(inapplicableOptions(parseCommandLine(['basics', '--seed', '3', '--backend', 'cpu', '--json']))).toEqual([]);
  });
});
