import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../src/triggers/expr-lang.js';

describe('Argo conditions (expr-lang) through subscript', () => {
  it('reads the forms Argo documents', () => {
    expect(compileCondition('result[0] >= 0.95')([0.97])).toBe(true);
    expect(compileCondition('result[0] >= 0.95')([0.9])).toBe(false);
    expect(compileCondition('len(result) == 0 || result[0] >= 0.95')([])).toBe(true);
    expect(compileCondition('len(result) > 0 && result[0] >= 0.95')([])).toBe(false);
    expect(compileCondition('isNaN(result) || result >= 0.95')(Number.NaN)).toBe(true);
    expect(compileCondition('all(result, {# < 0.05})')([0.01, 0.02])).toBe(true);
    expect(compileCondition('all(result, {# < 0.05})')([0.01, 0.2])).toBe(false);
    expect(compileCondition('any(result, {# > 0.1}) and not isInf(result[0])')([0.01, 0.2])).toBe(true);
    expect(compileCondition('result[-1] > 1')([0, 2])).toBe(true);
    expect(compileCondition('default(result, 0) < 0.05')(null)).toBe(true);
  });

  it('errors where expr errors: index out of range, unknown names, non-boolean results', () => {
    expect(() => compileCondition('result[0] >= 0.95')([])).toThrow(/index out of range/);
    expect(() => compileCondition('resutl[0] > 1')([1])).toThrow(/unknown name resutl/);
    expect(() => compileCondition('result[0]')([1])).toThrow(/expected bool/);
    expect(() => compileCondition('result[0] > 1 || 1')([0])).toThrow(/expects booleans/);
  });

  it('refuses text that does not parse', () => {
    expect(() => compileCondition('result[0] >=')).toThrow();
    expect(() => compileCondition('result[0] >= 0.95 )')).toThrow();
  });
});
