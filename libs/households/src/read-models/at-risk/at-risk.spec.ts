import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HouseholdEvent, PolicyBook } from '../../domain/index.js';
import { loadPolicyFile } from '../../infrastructure/policy-file.js';
import { fixedClock, openReadSideFixture, type ReadSideFixture } from '../testing/fixture.js';
import { ev, ids, member } from '../testing/projection-harness.js';
import { ListAtRiskHouseholdsHandler, ListAtRiskHouseholdsQuery } from './at-risk.query.js';
import type { AtRiskFilter, AtRiskHousehold, AtRiskReason } from './at-risk.types.js';

const A1 = '431023100201';
const A2 = '431023100202';
const B1 = '431023101201';

// Today is 2026-11-28; 90 days before is 2026-08-30.
// Monitoring lines in config/policy.json: 2024 7500.00, 2025 and 2026 8050.00 yuan.
const R = Object.fromEntries(
  Array.from({ length: 14 }, (_, i) => [`R${i + 1}`, ids.household(100 + i + 1)]),
) as Record<string, string>;

const poor = (id: string, area: string, on = '2015-01-01') =>
  ev.registered({
    householdId: id,
    areaCode: area,
    effectiveDate: on,
    members: [member('户主', 'HEAD', '1960-01-01')],
  });
const nonPoor = (id: string, area: string, on = '2019-01-01') =>
  ev.registered({
    householdId: id,
    areaCode: area,
    effectiveDate: on,
    registeredPoor: false,
    members: [
      member('户主', 'HEAD', '1970-01-01'),
      member('配偶', 'SPOUSE', '1971-01-01', 'FEMALE'),
    ],
  });

const SCENARIO: Record<string, HouseholdEvent[]> = {
  // village A1
  R1: [poor(R.R1!, A1), ev.visit('r1v', '2026-10-01')], // poor, visited recently: no reason
  R2: [poor(R.R2!, A1)], // poor, never visited
  R3: [poor(R.R3!, A1), ev.visit('r3v', '2026-08-30')], // visited exactly 90 days ago: not yet
  R10: [
    poor(R.R10!, A1),
    ev.monitoringStarted('SUDDEN_HARDSHIP', '2026-03-01'),
    ev.income(2026, 400_000, '2026-06-01'),
  ], // monitored, low income, never visited
  R11: [poor(R.R11!, A1), ev.deregistered('2026-05-01', 'WRONGLY_REGISTERED')],
  // village A2
  R4: [poor(R.R4!, A2), ev.visit('r4v', '2026-08-29')], // visited 91 days ago
  R5: [nonPoor(R.R5!, A2)], // not poor, not edge, not monitored: never visited is fine
  R6: [
    nonPoor(R.R6!, A2),
    ev.monitoringStarted('SUDDEN_HARDSHIP', '2026-06-01'),
    ev.visit('r6v', '2026-11-01'),
  ],
  R12: [nonPoor(R.R12!, A2), ev.edgeFlagged('2026-01-01'), ev.visit('r12v', '2026-07-01')],
  // village B1
  R7: [poor(R.R7!, B1), ev.exited('2018-12-01'), ev.income(2025, 700_000, '2025-12-01')], // below the 2025 line
  R8: [poor(R.R8!, B1), ev.exited('2018-12-01'), ev.income(2024, 760_000, '2024-12-01')], // above the 2024 line, below 2025's
  R9: [
    poor(R.R9!, B1),
    ev.exited('2018-12-01'),
    ev.visit('r9a', '2026-08-01'),
    ev.problem('q1', 'r9a', '2026-08-01', '2026-10-01'),
    ev.problem('q2', 'r9a', '2026-08-01', '2026-09-01'),
    ev.problem('q3', 'r9a', '2026-08-01', '2026-12-31'),
    ev.rectified('q2', '2026-10-15'),
    ev.visit('r9b', '2026-11-01'),
  ],
  R13: [poor(R.R13!, B1), ev.exited('2018-12-01'), ev.income(2013, 100, '2014-01-10')], // a year the policy does not know
  R14: [
    poor(R.R14!, B1),
    ev.exited('2018-12-01'),
    ev.monitoringStarted('UNSTABLE_EXITED', '2025-01-01'),
    ev.income(2025, 900_000, '2025-07-20'),
    ev.riskEliminated('2025-08-01'),
  ],
};

describe('at-risk households', () => {
  let fx: ReadSideFixture;
  let policy: PolicyBook;
  let handler: ListAtRiskHouseholdsHandler;
  const list = (filter: AtRiskFilter | null, first?: number, after?: string | null) =>
    handler.execute(new ListAtRiskHouseholdsQuery(filter, { first, after }));
  const names = (nodes: readonly AtRiskHousehold[]) =>
    nodes.map((n) => Object.keys(R).find((k) => R[k] === n.householdId));
  const listed = async (filter: AtRiskFilter | null) =>
    names((await list(filter, 200)).edges.map((e) => e.node));

  beforeAll(async () => {
    fx = await openReadSideFixture();
    policy = loadPolicyFile('config/policy.json');
    handler = new ListAtRiskHouseholdsHandler(fx.db, fixedClock, policy);
    for (const [name, events] of Object.entries(SCENARIO)) await fx.append(R[name]!, events);
    await fx.catchUp();
  });

  afterAll(async () => {
    await fx.close();
  });

  it('lists every non-deregistered household with at least one reason, in (area, id) order', async () => {
    const page = await list(null, 200);
    expect(page.totalCount).toBe(7);
    const reasons = Object.fromEntries(page.edges.map((e) => [names([e.node])[0], e.node.reasons]));
    expect(names(page.edges.map((e) => e.node))).toEqual([
      'R2',
      'R10',
      'R4',
      'R6',
      'R12',
      'R7',
      'R9',
    ]);
    expect(reasons).toEqual({
      R2: ['NO_RECENT_VISIT'],
      R10: ['MONITORED', 'INCOME_BELOW_MONITORING_LINE', 'NO_RECENT_VISIT'],
      R4: ['NO_RECENT_VISIT'],
      R6: ['MONITORED'],
      R12: ['NO_RECENT_VISIT'],
      R7: ['INCOME_BELOW_MONITORING_LINE'],
      R9: ['OVERDUE_PROBLEM'],
    });
  });

  it('describes each node', async () => {
    const nodes = (await list(null, 200)).edges.map((e) => e.node);
    expect(nodes.find((n) => n.householdId === R.R10)).toEqual({
      householdId: R.R10,
      areaCode: A1,
      status: 'POOR',
      statusLabel: '未脱贫',
      reasons: ['MONITORED', 'INCOME_BELOW_MONITORING_LINE', 'NO_RECENT_VISIT'],
      reasonLabels: [
        '防返贫监测对象（监测中）',
        '最近核定的人均纯收入低于当年监测线',
        '长期未走访',
      ],
      monitoringCategory: 'SUDDEN_HARDSHIP',
      latestIncome: { year: 2026, perCapitaNetIncome: 400_000n },
      lastVisitOn: null,
      overdueProblems: 0,
    });
    expect(nodes.find((n) => n.householdId === R.R9)).toMatchObject({
      status: 'EXITED',
      reasons: ['OVERDUE_PROBLEM'],
      reasonLabels: ['问题逾期未整改'],
      lastVisitOn: '2026-11-01',
      overdueProblems: 1,
      monitoringCategory: null,
      latestIncome: null,
    });
  });

  it('filters by any of the given reasons', async () => {
    expect(await listed({ reasons: ['OVERDUE_PROBLEM'] })).toEqual(['R9']);
    expect(await listed({ reasons: ['MONITORED', 'OVERDUE_PROBLEM'] })).toEqual([
      'R10',
      'R6',
      'R9',
    ]);
    expect(await listed({ reasons: ['INCOME_BELOW_MONITORING_LINE'] })).toEqual(['R10', 'R7']);
    expect(await listed({ reasons: ['NO_RECENT_VISIT'] })).toEqual(['R2', 'R10', 'R4', 'R12']);
    expect(await listed({ reasons: [] })).toEqual(await listed(null));
  });

  it('judges "no recent visit" against noVisitSinceDays', async () => {
    expect(await listed({ reasons: ['NO_RECENT_VISIT'], noVisitSinceDays: 200 })).toEqual([
      'R2',
      'R10',
    ]);
    expect(await listed({ reasons: ['NO_RECENT_VISIT'], noVisitSinceDays: 30 })).toEqual([
      'R1',
      'R2',
      'R3',
      'R10',
      'R4',
      'R12',
    ]);
    expect(await listed({ reasons: ['NO_RECENT_VISIT'], noVisitSinceDays: 91 })).toEqual([
      'R2',
      'R10',
      'R12',
    ]);
    expect(await listed({ reasons: ['NO_RECENT_VISIT'], noVisitSinceDays: 3650 })).toEqual([
      'R2',
      'R10',
    ]);
  });

  it('uses the monitoring line of the income year, and none when the policy lacks that year', async () => {
    const without2025: PolicyBook = {
      version: 'test',
      years: new Map([...policy.years].filter(([year]) => year !== 2025)),
    };
    const other = new ListAtRiskHouseholdsHandler(fx.db, fixedClock, without2025);
    const page = await other.execute(
      new ListAtRiskHouseholdsQuery({ reasons: ['INCOME_BELOW_MONITORING_LINE'] }),
    );
    expect(names(page.edges.map((e) => e.node))).toEqual(['R10']);
    const empty = new ListAtRiskHouseholdsHandler(fx.db, fixedClock, {
      version: 'empty',
      years: new Map(),
    });
    expect(
      (
        await empty.execute(
          new ListAtRiskHouseholdsQuery({ reasons: ['INCOME_BELOW_MONITORING_LINE'] }),
        )
      ).totalCount,
    ).toBe(0);
    const stricter: PolicyBook = {
      version: 'stricter',
      years: new Map([[2024, { ...policy.years.get(2024)!, monitoringLineFen: 760_001 }]]),
    };
    const strict = new ListAtRiskHouseholdsHandler(fx.db, fixedClock, stricter);
    const r8 = await strict.execute(
      new ListAtRiskHouseholdsQuery({ reasons: ['INCOME_BELOW_MONITORING_LINE'] }),
    );
    expect(names(r8.edges.map((e) => e.node))).toEqual(['R8']);
  });

  it('filters by area prefix', async () => {
    expect(await listed({ areaCode: '431023101' })).toEqual(['R7', 'R9']);
    expect(await listed({ areaCode: A2, reasons: ['NO_RECENT_VISIT'] })).toEqual(['R4', 'R12']);
    expect(await listed({ areaCode: '431023' })).toEqual(await listed(null));
  });

  it('pages with the shared keyset cursor', async () => {
    const pages: (string | undefined)[][] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(null, 3, after);
      expect(page.totalCount).toBe(7);
      pages.push(names(page.edges.map((e) => e.node)));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toEqual([['R2', 'R10', 'R4'], ['R6', 'R12', 'R7'], ['R9']]);
  });

  it('refuses out-of-range input', async () => {
    for (const days of [0, -1, 3651, 1.5]) {
      await expect(list({ noVisitSinceDays: days })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    }
    await expect(list({ reasons: ['BOGUS' as AtRiskReason] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(list({ areaCode: '43102a' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(list(null, 201)).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
    await expect(list(null, 5, 'garbage!')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
