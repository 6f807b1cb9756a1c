import type { IsoDate } from '../domain/index.js';

/** The only place that reads the system clock; injected so tests and replays can fix time. */
export interface Clock {
  now(): Date;
  /** Today's date in the county's time zone. */
  today(): IsoDate;
}

export function systemClock(timeZone = 'Asia/Shanghai'): Clock {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return {
    now: () => new Date(),
    today: () => format.format(new Date()),
  };
}
