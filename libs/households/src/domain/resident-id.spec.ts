import { describe, expect, it } from '@jest/globals';
import { checkResidentId, residentIdCheckChar } from './resident-id.js';

/** Builds an ID from area, birth date and sequence with the correct check character. */
const idOf = (first17: string): string => first17 + residentIdCheckChar(first17);

describe('residentIdCheckChar (ISO 7064 MOD 11-2, GB 11643)', () => {
  it('gives X for the published sample 11010519491231002X', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('gives 4 for the published sample 440524188001010014', () => {
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('gives 5 and X for two fixtures computed by hand', () => {
    expect(residentIdCheckChar('43102319800101011')).toBe('5'); // Σ = 172, 172 mod 11 = 7
    expect(residentIdCheckChar('43102319800101057')).toBe('X');
  });
});

describe('checkResidentId', () => {
  it('accepts the published sample 11010519491231002X: born 1949-12-31, female', () => {
    expect(checkResidentId('11010519491231002X')).toStrictEqual({
      ok: true,
      birthDate: '1949-12-31',
      sex: 'FEMALE',
    });
  });

  it('reads an odd 17th digit as MALE and an even one (incl. 0) as FEMALE', () => {
    expect(checkResidentId(idOf('43102319800101011'))).toStrictEqual({
      ok: true,
      birthDate: '1980-01-01',
      sex: 'MALE',
    });
    expect(checkResidentId(idOf('43102319800101019'))).toMatchObject({ ok: true, sex: 'MALE' });
    expect(checkResidentId(idOf('43102319800101010'))).toMatchObject({ ok: true, sex: 'FEMALE' });
    expect(checkResidentId(idOf('43102319800101018'))).toMatchObject({ ok: true, sex: 'FEMALE' });
  });

  it('detects every single-digit substitution in the first 17 digits', () => {
    const valid = idOf('43102319800101011');
    for (let i = 0; i < 17; i++) {
      for (let delta = 1; delta <= 9; delta++) {
        const digit = (Number(valid[i]) + delta) % 10;
        const changed = `${valid.slice(0, i)}${digit}${valid.slice(i + 1)}`;
        expect([i, delta, checkResidentId(changed)]).toStrictEqual([
          i,
          delta,
          { ok: false, problem: 'CHECK_DIGIT' },
        ]);
      }
    }
  });

  it('detects the transposition of two adjacent different digits', () => {
    const valid = idOf('43102319800101011');
    for (let i = 0; i < 16; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = `${valid.slice(0, i)}${valid[i + 1]}${valid[i]}${valid.slice(i + 2)}`;
      expect([i, checkResidentId(swapped)]).toStrictEqual([
        i,
        { ok: false, problem: 'CHECK_DIGIT' },
      ]);
    }
  });

  it.each([
    ['17 characters', '43102319800101011'],
    ['19 characters', '4310231980010101160'],
    ['a lowercase x', '11010519491231002x'],
    ['an X that is not last', '11010519491231X022'],
    ['spaces', '110105 19491231002X'],
    ['full-width digits', '１１０１０５１９４９１２３１００２X'],
    ['empty', ''],
  ])('rejects %s as FORMAT', (_label, id) => {
    expect(checkResidentId(id)).toStrictEqual({ ok: false, problem: 'FORMAT' });
  });

  it('rejects a wrong check character as CHECK_DIGIT', () => {
    expect(checkResidentId('110105194912310021')).toStrictEqual({
      ok: false,
      problem: 'CHECK_DIGIT',
    });
    expect(checkResidentId('431023198001010110')).toStrictEqual({
      ok: false,
      problem: 'CHECK_DIGIT',
    });
  });

  it.each([
    ['19990231', 'February 31st'],
    ['19990229', 'February 29th in a common year'],
    ['19000229', 'February 29th 1900 (not a leap year)'],
    ['19800431', 'April 31st'],
    ['19801301', 'month 13'],
    ['19800001', 'month 0'],
    ['19800100', 'day 0'],
    ['18991231', 'before 1900'],
    ['18800101', 'before 1900 (the GB 11643 sample 440524188001010014)'],
  ])('rejects birth date %s (%s) as BIRTH_DATE even with a correct check character', (birth) => {
    expect(checkResidentId(idOf(`431023${birth}011`))).toStrictEqual({
      ok: false,
      problem: 'BIRTH_DATE',
    });
  });

  it.each([
    ['20000229', '2000-02-29'],
    ['19000101', '1900-01-01'],
    ['20201231', '2020-12-31'],
  ])('accepts birth date %s', (birth, iso) => {
    expect(checkResidentId(idOf(`431023${birth}011`))).toStrictEqual({
      ok: true,
      birthDate: iso,
      sex: 'MALE',
    });
  });
});
