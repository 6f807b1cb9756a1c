/** Calendar dates are ISO strings `YYYY-MM-DD`; they compare correctly as strings. */
export type IsoDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Adds calendar months, clamping to the month's last day (2020-08-31 + 6 months = 2021-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function maxDate(...dates: (IsoDate | undefined)[]): IsoDate | undefined {
  let max: IsoDate | undefined;
  for (const d of dates) if (d !== undefined && (max === undefined || d > max)) max = d;
  return max;
}

export function minDate(...dates: (IsoDate | undefined)[]): IsoDate | undefined {
  let min: IsoDate | undefined;
  for (const d of dates) if (d !== undefined && (min === undefined || d < min)) min = d;
  return min;
}
