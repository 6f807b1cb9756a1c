import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { InputError } from '../shared/input-error.js';
import type { SummaryRow } from './household-summary/household-summary.projection.js';
import type { ReadModels } from './read-models.js';

/**
 * Relay-style forward pagination over household lists, by keyset on (area_code, household_id):
 * the order is stable, a page never skips or repeats a household when rows are added elsewhere,
 * and a page costs one index range scan however deep it is. Shared by every household list.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

@ObjectType({ description: '分页信息（Relay PageInfo）；只支持向后翻页（first/after）' })
export class PageInfo {
  @Field(() => Boolean, { description: '之后是否还有数据' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: '本页最后一条的游标，作为下一页的 after' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: '本页之前是否还有数据（带 after 游标请求时为 true）' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: '本页第一条的游标' })
  startCursor!: string | null;
}

export interface Edge<N> {
  cursor: string;
  node: N;
}

export interface Page<N> {
  edges: Edge<N>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * GraphQL connection type for `nodeType`: `<name>Connection { edges { cursor node } pageInfo
 * totalCount }` with its `<name>Edge`. Use as `class XConnection extends Connection(X, 'X') {}`.
 */
export function Connection<N>(nodeType: Type<N>, name: string) {
  @ObjectType(`${name}Edge`)
  abstract class EdgeType implements Edge<N> {
    @Field(() => String, { description: '不透明游标' })
    cursor!: string;

    @Field(() => nodeType)
    node!: N;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements Page<N> {
    @Field(() => [EdgeType])
    edges!: Edge<N>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: '符合条件的总数（不受分页影响）' })
    totalCount!: number;
  }

  return ConnectionType;
}

/** The keyset of a household row. */
export interface HouseholdKey {
  areaCode: string;
  householdId: string;
}

/** The keyset columns a page's rows carry. */
interface HouseholdKeyRow {
  area_code: string;
  household_id: string;
}

/** Page size: 1..200. */
export function checkFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1) {
    throw new InputError(
      'INVALID_INPUT',
      `first 应为 1 至 ${MAX_PAGE_SIZE} 之间的整数，收到 ${String(first)}`,
    );
  }
  if (n > MAX_PAGE_SIZE) {
    throw new InputError('INPUT_TOO_LARGE', `每页最多 ${MAX_PAGE_SIZE} 条，收到 first = ${n}`);
  }
  return n;
}

/** Opaque cursor: base64url of a JSON pair. */
export function encodeCursor(key: HouseholdKey): string {
  return Buffer.from(JSON.stringify([key.areaCode, key.householdId]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): HouseholdKey {
  const invalid = () =>
    new InputError('INVALID_INPUT', `分页游标“${cursor}”无效，请使用上一页返回的 endCursor`);
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > 200 ||
    !/^[A-Za-z0-9_-]+={0,2}$/.test(cursor)
  ) {
    throw invalid();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !/^\d+$/.test(parsed[0]) ||
    parsed[1].length === 0
  ) {
    throw invalid();
  }
  return { areaCode: parsed[0], householdId: parsed[1] };
}

/** The paging arguments every household list takes. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: '每页条数，1–200' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: '上一页的 endCursor' })
  after?: string | null;
}

/** household_summary aliased `s`: what every household list filters and pages. */
export function fromHouseholds(db: Kysely<ReadModels>) {
  return db.selectFrom('household_summary as s');
}

/** A query with FROM and WHERE on household_summary `s`, nothing selected yet. */
export type HouseholdsQuery = ReturnType<typeof fromHouseholds>;

type HouseholdsDb = ReadModels & { s: SummaryRow };

/**
 * Runs a keyset page over `filtered`: the total count, then at most `first` rows after the
 * cursor, in the order of the (area_code, household_id) index.
 */
export async function keysetPage<R extends HouseholdKeyRow, N>(options: {
  filtered: HouseholdsQuery;
  select: (query: HouseholdsQuery) => SelectQueryBuilder<HouseholdsDb, 's', R>;
  toNode: (row: R) => N;
  args: PageArgs;
}): Promise<Page<N>> {
  const { filtered, args } = options;
  const first = checkFirst(args.first);
  const after =
    args.after === null || args.after === undefined ? undefined : decodeCursor(args.after);

  const counted = await filtered
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  let page = options.select(filtered);
  if (after)
    page = page.where(
      sql<boolean>`(${sql.ref('s.area_code')}, ${sql.ref('s.household_id')}) > (${after.areaCode}, ${after.householdId})`,
    );
  const rows = await page
    .orderBy('s.area_code')
    .orderBy('s.household_id')
    .limit(first + 1)
    .execute();

  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((row) => ({
    cursor: encodeCursor({ areaCode: row.area_code, householdId: row.household_id }),
    node: options.toNode(row),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
    },
    totalCount: counted.n,
  };
}
