import { describe, expect, it } from '@jest/globals';
import { isAreaPrefix, isVillageCode } from './area-code.js';

describe('isVillageCode', () => {
  it.each(['431023101201', '431023100001'])('accepts the village code %s', (code) => {
    expect(isVillageCode(code)).toBe(true);
  });

  it.each([
    ['a county', '431023'],
    ['a township', '431023101'],
    ['a township padded to 12 digits', '431023101000'],
    ['a village under township 000', '431023000201'],
    ['a code starting with 00', '001023101201'],
    ['11 digits', '43102310120'],
    ['13 digits', '4310231012011'],
    ['letters', '43102310120X'],
    ['empty', ''],
  ])('rejects %s (%p)', (_label, code) => {
    expect(isVillageCode(code)).toBe(false);
  });
});

describe('isAreaPrefix', () => {
  it.each(['4', '43', '431', '4310', '431023', '4310231', '431023101', '431023101201'])(
    'accepts the prefix %s',
    (code) => {
      expect(isAreaPrefix(code)).toBe(true);
    },
  );

  it.each(['', '4310231012011', '4310a3', ' 431023', '431023%'])('rejects %p', (code) => {
    expect(isAreaPrefix(code)).toBe(false);
  });
});
