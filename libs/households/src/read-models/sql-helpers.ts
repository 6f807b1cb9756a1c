import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isAreaPrefix, isIsoDate, type IsoDate } from '../domain/index.js';
import { InputError } from '../shared/input-error.js';
import { PROBLEMS_TABLE } from './visits-and-problems/visits-and-problems.projection.js';

/**
 * Small helpers shared by the read-side query handlers. Everything here is plain SQL that runs on
 * SQLite and PostgreSQL alike.
 */

/** Validates an optional area-code prefix (2/4/6/9/12 digits); returns it, or undefined if absent. */
export function checkAreaPrefix(areaCode: string | null | undefined): string | undefined {
  if (areaCode === null || areaCode === undefined) return undefined;
  if (!isAreaPrefix(areaCode)) {
    throw new InputError(
      'INVALID_INPUT',
      `区划代码“${areaCode}”无效：应为1至12位数字的区划代码前缀（如县 431023、乡镇 431023100）`,
    );
  }
  return areaCode;
}

/**
 * SQL condition: the area code in `ref` starts with the digit prefix. Written as a range
 * (prefix <= code < prefix + 1, same length) rather than `like 'prefix%'` so that both SQLite
 * (whose LIKE is case-insensitive and skips a binary index) and PostgreSQL (whose LIKE needs a
 * text_pattern_ops index) can use the ordinary (area_code, household_id) index. Area codes are
 * digits only, so the range holds exactly the codes with that prefix in any collation.
 */
export function inAreaPrefix(ref: string, prefix: string): RawBuilder<SqlBool> {
  const column = sql.ref(ref);
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return next.length > prefix.length
    ? sql<SqlBool>`${column} >= ${prefix}`
    : sql<SqlBool>`(${column} >= ${prefix} and ${column} < ${next})`;
}

/** Validates a calendar date given to a query handler directly (the GraphQL scalar already does). */
export function checkDate(value: string, label: string): IsoDate {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new InputError('INVALID_INPUT', `${label}“${String(value)}”无效，格式应为 YYYY-MM-DD`);
  }
  return value;
}

/**
 * A sum() over a bigint column: a number on SQLite, an exact decimal string on PostgreSQL (whose
 * sum of int8 is numeric), null over no rows. Counts and plain columns are numbers on both
 * engines (the read models' PostgreSQL pool parses int8, see openPostgres), so only sums need
 * converting, here.
 */
export type BigSum = number | string | null;

/** A sum of counts or of small integers as a number; 0 over no rows, or with no row at all. */
export function toInt(value: BigSum | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Money sums in fen, exactly: SQLite returns a number, PostgreSQL a numeric string. */
export function toFen(value: BigSum | undefined): bigint {
  return value === null || value === undefined ? 0n : BigInt(value);
}

export function toFenOrNull(value: number | null): bigint | null {
  return value === null ? null : BigInt(value);
}

/** 0/1 integer columns as booleans. */
export function toBool(value: number): boolean {
  return value === 1;
}

/**
 * SQL condition: the interval [valid_from, valid_to) of `alias` holds at the end of the day `asOf`
 * — as the log stood at global position `knownAt` when given (the row was opened by then, and a
 * closing recorded after it does not count), otherwise as known now.
 */
export function holdsAt(alias: string, asOf: IsoDate, knownAt?: number): RawBuilder<SqlBool> {
  return holdsOn(alias, sql`${asOf}`, knownAt);
}

/**
 * `holdsAt` for a date taken from another column (`date`, e.g. a flow's or a visit's date). With
 * `orClosedBy` (a revision), a row closed by that very event still counts: the people of a
 * household on the day it is deregistered.
 */
export function holdsOn(
  alias: string,
  date: RawBuilder<unknown>,
  knownAt?: number,
  orClosedBy?: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  const r = (column: string) => sql.ref(`${alias}.${column}`);
  const open = [sql`${r('valid_to')} is null`, sql`${r('valid_to')} > ${date}`];
  if (knownAt !== undefined) open.push(sql`${r('to_position')} > ${knownAt}`);
  if (orClosedBy !== undefined) open.push(sql`${r('to_revision')} = ${orClosedBy}`);
  const holds = sql`${r('valid_from')} <= ${date} and (${sql.join(open, sql` or `)})`;
  return knownAt === undefined
    ? sql<SqlBool>`(${holds})`
    : sql<SqlBool>`(${r('from_position')} <= ${knownAt} and ${holds})`;
}

/** SQL condition: the position column `ref` is known at `knownAt` (always true without one). */
export function knownBy(ref: string, knownAt?: number): RawBuilder<SqlBool> {
  return knownAt === undefined
    ? sql<SqlBool>`1 = 1`
    : sql<SqlBool>`(${sql.ref(ref)} is not null and ${sql.ref(ref)} <= ${knownAt})`;
}

/**
 * Validates a `knownAt` position against the read models' checkpoint: a report "as known at" a
 * position the read models have not reached yet would silently be incomplete.
 */
export function checkKnownAt(
  knownAt: number | null | undefined,
  checkpoint: number,
): number | undefined {
  if (knownAt === null || knownAt === undefined) return undefined;
  if (!Number.isSafeInteger(knownAt) || knownAt < 0) {
    throw new InputError(
      'INVALID_INPUT',
      `knownAt“${String(knownAt)}”无效：应为非负整数的日志位置`,
    );
  }
  if (knownAt > checkpoint) {
    throw new InputError(
      'KNOWN_AT_AHEAD',
      `knownAt ${knownAt} 超出查询视图当前已处理到的位置 ${checkpoint}，请稍后再试或使用更早的位置`,
    );
  }
  return knownAt;
}

/**
 * Correlated subquery: the household's open problems whose deadline is before `today`, counted
 * from the problems table (not from the summary, whose deadline map is only the next deadline).
 */
export function overdueProblemsOf(householdIdRef: string, today: IsoDate): RawBuilder<number> {
  return sql<number>`(select count(*) from ${sql.table(PROBLEMS_TABLE)} p where p.household_id = ${sql.ref(householdIdRef)} and p.rectified_on is null and p.deadline < ${today})`;
}
