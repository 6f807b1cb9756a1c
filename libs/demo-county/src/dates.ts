import { yearOf, type IsoDate } from '#app/households';
import type { Random } from './random.js';

const DAY_MS = 86_400_000;

function dayNumber(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** A date in [from, to], both inclusive. */
export function between(r: Random, from: IsoDate, to: IsoDate): IsoDate {
  if (to < from) throw new RangeError(`empty date range ${from}..${to}`);
  return new Date(r.int(dayNumber(from), dayNumber(to)) * DAY_MS).toISOString().slice(0, 10);
}

/** A birth date in `year`, not after `notAfter`. */
export function birthIn(r: Random, year: number, notAfter: IsoDate): IsoDate {
  const y = Math.min(year, yearOf(notAfter));
  return between(r, `${y}-01-01`, minOf(`${y}-12-31`, notAfter));
}

export function maxOf(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('maxOf: no dates');
  return dates.reduce((a, b) => (b > a ? b : a));
}

export function minOf(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('minOf: no dates');
  return dates.reduce((a, b) => (b < a ? b : a));
}
