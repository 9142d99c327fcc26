import { describe, expect, it } from 'vitest';
import { isNestedModel, variableName, weightKey } from './weight-key.js';

describe('variableName', () => {
  it('drops the output slot and the NUL padding of fixed-length strings', () => {
    expect(variableName('Conv1/kernel:0')).toBe('Conv1/kernel');
    expect(variableName('bn_Conv1/beta:0\0\0\0')).toBe('bn_Conv1/beta');
    expect(variableName('dense/kernel:12')).toBe('dense/kernel');
    expect(variableName('sequential/dense/kernel')).toBe('sequential/dense/kernel');
  });
});

describe('isNestedModel', () => {
  it('believes the model config when there is one', () => {
    expect(isNestedModel('sequential_9', ['Conv1/kernel'], 'Sequential')).toBe(true);
    expect(isNestedModel('model3', ['Conv1/kernel'], 'Functional')).toBe(true);
    expect(isNestedModel('Conv1', ['Conv1/kernel', 'Conv1/bias'], 'Conv2D')).toBe(false);
  });

  it('without a config, calls a group nested when its weights belong to several inner layers', () => {
    expect(isNestedModel('sequential_9', ['Conv1/kernel', 'bn_Conv1/gamma'], undefined)).toBe(true);
    expect(isNestedModel('base', ['base/Conv1/kernel', 'base/bn_Conv1/gamma'], undefined)).toBe(true);
    expect(isNestedModel('dense', ['dense/kernel', 'dense/bias'], undefined)).toBe(false);
    expect(isNestedModel('lstm', ['lstm/lstm_cell/kernel', 'lstm/lstm_cell/bias'], undefined)).toBe(false);
    expect(isNestedModel('dense', ['sequential/dense/kernel', 'sequential/dense/bias'], undefined)).toBe(false);
    expect(isNestedModel('input_1', [], undefined)).toBe(false);
  });
});

describe('weightKey', () => {
  it('keeps Keras 2 names, which already start with the layer name', () => {
    expect(weightKey('Conv1', 'Conv1/kernel', false)).toBe('Conv1/kernel');
    expect(weightKey('lstm', 'lstm/lstm_cell/kernel', false)).toBe('lstm/lstm_cell/kernel');
  });

  it('puts the layer name in front of a bare weight name', () => {
    expect(weightKey('dense', 'kernel', false)).toBe('dense/kernel');
  });

  it('drops the scopes of enclosing models from Keras 3 variable paths', () => {
    expect(weightKey('dense_1', 'sequential/dense_1/kernel', false)).toBe('dense_1/kernel');
  });

  it('gives the weights of a nested model their inner layer names', () => {
    expect(weightKey('sequential_9', 'Conv1/kernel', true)).toBe('Conv1/kernel');
    expect(weightKey('sequential_9', 'sequential_9/Conv1/kernel', true)).toBe('Conv1/kernel');
    expect(weightKey('base', 'outer/base/block_1_expand/kernel', true)).toBe('block_1_expand/kernel');
  });
});
