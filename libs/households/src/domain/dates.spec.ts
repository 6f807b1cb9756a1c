import { describe, expect, it } from '@jest/globals';
import { addDays, addMonths, isIsoDate, isRealDate, maxDate, yearOf } from './dates.js';

describe('isIsoDate', () => {
  it.each(['2020-02-29', '2000-02-29', '2021-12-31', '1900-01-01', '2026-11-28'])(
    'accepts %s',
    (date) => {
      expect(isIsoDate(date)).toBe(true);
    },
  );

  it.each([
    '2021-02-29',
    '1900-02-29',
    '2100-02-29',
    '2020-04-31',
    '2020-00-10',
    '2020-13-01',
    '2020-01-00',
    '2020-01-32',
    '2020-1-01',
    '2020-01-1',
    '20200101',
    '2020/01/01',
    '2020-01-01T00:00:00Z',
    ' 2020-01-01',
    '',
  ])('rejects %p', (date) => {
    expect(isIsoDate(date)).toBe(false);
  });
});

describe('isRealDate', () => {
  it('knows leap years (divisible by 4, except centuries not divisible by 400)', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(1900, 2, 29)).toBe(false);
  });

  it('knows month lengths and rejects out-of-range parts', () => {
    expect(isRealDate(2021, 4, 30)).toBe(true);
    expect(isRealDate(2021, 4, 31)).toBe(false);
    expect(isRealDate(2021, 12, 31)).toBe(true);
    expect(isRealDate(2021, 13, 1)).toBe(false);
    expect(isRealDate(2021, 0, 1)).toBe(false);
    expect(isRealDate(2021, 1, 0)).toBe(false);
  });
});

describe('addMonths', () => {
  it.each([
    ['2021-01-15', 6, '2021-07-15'],
    ['2020-08-31', 6, '2021-02-28'],
    ['2019-08-31', 6, '2020-02-29'],
    ['2020-02-29', 12, '2021-02-28'],
    ['2020-02-29', 48, '2024-02-29'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-03-31', 1, '2020-04-30'],
    ['2020-11-30', 3, '2021-02-28'],
    ['2020-12-15', 1, '2021-01-15'],
    ['2020-07-01', 6, '2021-01-01'],
    ['2020-06-30', 0, '2020-06-30'],
    ['2021-03-31', -1, '2021-02-28'],
  ])('%s + %p months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2020-02-28', 1, '2020-02-29'],
    ['2021-02-28', 1, '2021-03-01'],
    ['2020-12-31', 1, '2021-01-01'],
    ['2021-03-01', -1, '2021-02-28'],
    ['2020-01-01', 366, '2021-01-01'],
  ])('%s + %p days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('yearOf', () => {
  it('reads the year', () => {
    expect(yearOf('2020-12-31')).toBe(2020);
  });
});

describe('maxDate', () => {
  it('returns the latest date, ignoring undefined', () => {
    expect(maxDate('2020-01-10', undefined, '2021-03-01', '2020-12-31')).toBe('2021-03-01');
  });

  it('returns undefined when there is no date', () => {
    expect(maxDate()).toBeUndefined();
    expect(maxDate(undefined, undefined)).toBeUndefined();
  });
});
