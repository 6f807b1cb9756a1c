import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import { formatWanYuan } from '../../domain/index.js';
import type { ReadModels } from '../read-models.js';
import { holdsOn, inAreaPrefix, knownBy, toFen, type BigSum } from '../sql-helpers.js';
import { stockCounts, total } from '../statistics/stock-counts.js';
import type { TownshipLine } from './year-end-report.model.js';
import { pair, type ReportScope } from './year-end-report.sections.js';

/** Township (乡镇) code: the first 9 digits of the household's village code. */
const TOWNSHIP = sql<string>`substr(s.area_code, 1, 9)`;

export async function townshipsOf(
  trx: Transaction<ReadModels>,
  scope: ReportScope,
  nameOf: (code: string) => string | null,
): Promise<TownshipLine[]> {
  const { asOf, periodStart, area, knownAt } = scope;
  /** A query joined to the summary `s` (for the township), restricted to the area. */
  const inScope = <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>) =>
    area === undefined ? query : query.where(inAreaPrefix('s.area_code', area));
  const stock = await stockCounts(trx, { asOf, area, knownAt, byTownship: true });
  const exits = await inScope(
    trx
      .selectFrom('household_flows as f')
      .innerJoin('household_summary as s', 's.household_id', 'f.household_id'),
  )
    .leftJoin('household_members as m', (join) =>
      join
        .onRef('m.household_id', '=', 'f.household_id')
        .on(holdsOn('m', sql.ref('f.date'), knownAt)),
    )
    .where('f.kind', '=', 'EXITED')
    .where(knownBy('f.position', knownAt))
    .where('f.date', '>=', periodStart)
    .where('f.date', '<=', asOf)
    .select([
      TOWNSHIP.as('township'),
      sql<number>`count(distinct f.household_id)`.as('households'),
      sql<number>`count(distinct m.id_number)`.as('people'),
    ])
    .groupBy(TOWNSHIP)
    .execute();
  const assistance = await inScope(
    trx
      .selectFrom('assistance_ledger as a')
      .innerJoin('household_summary as s', 's.household_id', 'a.household_id'),
  )
    .where(knownBy('a.position', knownAt))
    .where('a.date', '>=', periodStart)
    .where('a.date', '<=', asOf)
    .select([TOWNSHIP.as('township'), sql<BigSum>`sum(a.amount_fen)`.as('amount')])
    .groupBy(TOWNSHIP)
    .execute();
  const visits = await inScope(
    trx
      .selectFrom('visits as v')
      .innerJoin('household_summary as s', 's.household_id', 'v.household_id'),
  )
    .where(knownBy('v.position', knownAt))
    .where('v.date', '>=', periodStart)
    .where('v.date', '<=', asOf)
    .select([TOWNSHIP.as('township'), sql<number>`count(*)`.as('n')])
    .groupBy(TOWNSHIP)
    .execute();
  const rectified = sql`(p.rectified_on is not null and ${knownBy('p.rectified_position', knownAt)} and p.rectified_on >= ${periodStart} and p.rectified_on <= ${asOf})`;
  const problems = await inScope(
    trx
      .selectFrom('problems as p')
      .innerJoin('household_summary as s', 's.household_id', 'p.household_id'),
  )
    .where(knownBy('p.found_position', knownAt))
    .where('p.found_on', '<=', asOf)
    .select([
      TOWNSHIP.as('township'),
      sql<number>`sum(case when p.found_on >= ${periodStart} then 1 else 0 end)`.as('found'),
      sql<number>`sum(case when ${rectified} then 1 else 0 end)`.as('rectified'),
    ])
    .groupBy(TOWNSHIP)
    .execute();

  const codes = new Set<string>();
  for (const rows of [stock, exits, assistance, visits, problems]) {
    for (const r of rows) if (r.township !== null) codes.add(r.township);
  }
  const find = <R extends { township: string }>(rows: R[], code: string) =>
    rows.find((r) => r.township === code);
  return [...codes].sort().map((code): TownshipLine => {
    const here = stock.filter((r) => r.township === code);
    const poor = total(here, (r) => r.table === 'status' && r.state === 'POOR');
    const exited = total(here, (r) => r.table === 'status' && r.state === 'EXITED');
    const monitoring = (state: string) =>
      total(here, (r) => r.table === 'monitoring' && r.state === state).households;
    const amount = toFen(find(assistance, code)?.amount);
    return {
      areaCode: code,
      name: nameOf(code),
      registered: pair(poor.households + exited.households, poor.people + exited.people),
      exited,
      remaining: poor,
      edge: total(here, (r) => r.table === 'edge'),
      monitoredHouseholds: monitoring('MONITORED'),
      riskEliminatedHouseholds: monitoring('ELIMINATED'),
      exitedInYear: pair(find(exits, code)?.households ?? 0, find(exits, code)?.people ?? 0),
      assistanceAmount: amount,
      assistanceAmountWanYuan: formatWanYuan(amount),
      visits: find(visits, code)?.n ?? 0,
      problemsFound: find(problems, code)?.found ?? 0,
      problemsRectified: find(problems, code)?.rectified ?? 0,
    };
  });
}
