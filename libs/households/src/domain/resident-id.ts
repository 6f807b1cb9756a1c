import { isRealDate, type IsoDate } from './dates.js';

export type Sex = 'MALE' | 'FEMALE';

export type ResidentIdProblem = 'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE';

export type ResidentIdCheck =
  { ok: true; birthDate: IsoDate; sex: Sex } | { ok: false; problem: ResidentIdProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID (GB 11643). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Parses an 18-character resident ID: format, check digit, real birth date, and sex digit. */
export function checkResidentId(idNumber: string): ResidentIdCheck {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, problem: 'FORMAT' };
  if (residentIdCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) {
    return { ok: false, problem: 'CHECK_DIGIT' };
  }
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (year < 1900 || !isRealDate(year, month, day)) return { ok: false, problem: 'BIRTH_DATE' };
  const sex: Sex = Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
  return {
    ok: true,
    birthDate: idNumber.slice(6, 14).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'),
    sex,
  };
}
