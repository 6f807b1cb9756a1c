import { describe, expect, it } from '@jest/globals';
import { formatWanYuan, formatYuan, parseYuan } from './money.js';

describe('parseYuan', () => {
  it.each([
    ['3214.63', 321_463],
    ['0.5', 50],
    ['0.05', 5],
    ['1.2', 120],
    ['12', 1_200],
    ['0', 0],
    ['0.00', 0],
    ['4000', 400_000],
    ['9999999999999.99', 999_999_999_999_999],
  ])('parses %p as %p fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it('stays a safe integer for the largest accepted amount', () => {
    expect(Number.isSafeInteger(parseYuan('9999999999999.99'))).toBe(true);
  });

  it.each([
    '-1',
    '1.234',
    'abc',
    '',
    '1.',
    '.5',
    ' 1',
    '1 ',
    '+1',
    '1e3',
    '1,000',
    '１２',
    '10000000000000',
  ])('rejects %p', (text) => {
    expect(parseYuan(text)).toBeUndefined();
  });
});

describe('formatYuan', () => {
  it.each([
    [321_463, '3214.63'],
    [5, '0.05'],
    [50, '0.50'],
    [0, '0.00'],
    [400_000, '4000.00'],
    [-150, '-1.50'],
  ])('formats %p fen as %p', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('formats amounts beyond 2^53 fen given as bigint exactly', () => {
    expect(formatYuan(9_007_199_254_740_993n)).toBe('90071992547409.93');
  });

  it('round-trips with parseYuan', () => {
    for (const text of ['0.01', '3214.63', '401.09', '5253.34', '1000000.00']) {
      expect(formatYuan(parseYuan(text)!)).toBe(text);
    }
  });
});

describe('formatWanYuan (1 万元 = 10,000 yuan = 1,000,000 fen)', () => {
  it.each([
    [3_214_630_000, '3214.63'],
    [32_146_300, '32.15'],
    [1_000_000, '1.00'],
    [0, '0.00'],
    [10_000, '0.01'],
    [5_000, '0.01'],
    [4_999, '0.00'],
    [14_999, '0.01'],
    [15_000, '0.02'],
    [995_000, '1.00'],
  ])('formats %p fen as %p 万元 (rounding half up)', (fen, text) => {
    expect(formatWanYuan(fen)).toBe(text);
  });

  it('adds reference figures beyond 2^31 fen exactly (3214.63 + 1651.65 万元)', () => {
    const total = parseYuan('32146300.00')! + parseYuan('16516500.00')!;
    expect(total).toBeGreaterThan(2 ** 31);
    expect(formatWanYuan(total)).toBe('4866.28');
  });

  it('formats bigint totals beyond 2^53 fen', () => {
    expect(formatWanYuan(9_007_199_254_740_993n)).toBe('9007199254.74');
  });

  it('rounds negative amounts symmetrically', () => {
    expect(formatWanYuan(-3_214_630_000)).toBe('-3214.63');
    expect(formatWanYuan(-5_000)).toBe('-0.01');
  });
});
