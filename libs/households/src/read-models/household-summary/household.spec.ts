import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HouseholdEvent } from '../../domain/index.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { fixedClock, openReadSideFixture, type ReadSideFixture } from '../testing/fixture.js';
import { ev, ids, member } from '../testing/projection-harness.js';
import {
  GetHouseholdAssistanceHandler,
  GetHouseholdHistoryHandler,
  GetHouseholdMembersHandler,
  GetHouseholdMembersQuery,
  GetHouseholdProblemsHandler,
  GetHouseholdProblemsQuery,
  GetHouseholdVisitsHandler,
  GetHouseholdVisitsQuery,
  GetHouseholdAssistanceQuery,
  GetHouseholdHistoryQuery,
} from './household-details.queries.js';
import {
  GetHouseholdHandler,
  GetHouseholdQuery,
  ListHouseholdsHandler,
  ListHouseholdsQuery,
} from './household.queries.js';
import type { HouseholdFilter } from './household.types.js';

const A1 = '431023100201';
const A2 = '431023100202';
const B1 = '431023101201';

describe('household detail', () => {
  let fx: ReadSideFixture;
  const id = ids.household(900);
  const head = member('王大', 'HEAD', '1960-01-15', 'MALE', {
    health: 'HEALTHY',
    laborAbility: 'FULL',
  });
  const spouse = member('李二', 'SPOUSE', '1962-02-02', 'FEMALE', {
    health: 'CHRONIC_ILLNESS',
    laborAbility: 'PARTIAL',
  });
  const son = member('王三', 'CHILD', '1990-03-03', 'MALE', { laborAbility: 'FULL' });
  const daughter = member('王四', 'CHILD', '2010-04-04', 'FEMALE', { inSchool: true });
  const grandchild = member('王五', 'GRANDCHILD', '2023-02-01', 'MALE');
  const events: HouseholdEvent[] = [
    ev.registered({
      householdId: id,
      areaCode: A1,
      effectiveDate: '2016-03-01',
      address: '永兴县某村3组',
      povertyCauses: ['ILLNESS', 'LACK_OF_FUNDS'],
      members: [head, spouse, son, daughter],
    }),
    ev.assistance('a1', 'INDUSTRY', 300_000, '2020-05-01', 4, '产业奖补'),
    ev.assistance('a2', 'EDUCATION', 150_050, '2020-09-01', 1),
    ev.income(2019, 380_000, '2019-12-01'),
    ev.visit('v1', '2020-11-20', {
      purpose: 'VERIFICATION',
      notes: '入户核实收入',
      perCapitaIncomeCheckFen: 520_000,
    }),
    ev.problem('pa', 'v1', '2020-11-20', '2020-12-31', '饮水管道老化'),
    ev.income(2020, 520_000, '2020-11-20'),
    ev.exited('2020-12-01'),
    ev.rectified('pa', '2021-01-05', '更换管道'),
    ev.memberRemoved(head.idNumber, 'DEATH', '2022-03-01', son.idNumber),
    ev.memberAdded(grandchild, 'BIRTH', '2023-02-01'),
    ev.income(2019, 390_000, '2023-03-01'), // a late correction of an older year does not replace 2020
    ev.visit('v2', '2026-10-01', { cadre: '张书记' }),
    ev.problem('pb', 'v2', '2026-10-01', '2026-11-01', '危房未改造'),
    ev.problem('pc', 'v2', '2026-10-01', '2026-12-31', '医保未续缴'),
  ];

  beforeAll(async () => {
    fx = await openReadSideFixture();
    await fx.append(id, events.slice(0, 4), { actor: '李干部', commandId: 'cmd-1' });
    await fx.append(id, events.slice(4), { actor: '张书记' });
    await fx.catchUp();
  });

  afterAll(async () => {
    await fx.close();
  });

  it('reads the current state from the summary', async () => {
    const h = await new GetHouseholdHandler(fx.db, fixedClock).execute(new GetHouseholdQuery(id));
    expect(h).toEqual({
      id,
      areaCode: A1,
      address: '永兴县某村3组',
      status: 'EXITED',
      statusLabel: '已脱贫',
      registeredPoor: true,
      identifiedYear: 2016,
      povertyCauses: ['ILLNESS', 'LACK_OF_FUNDS'],
      registeredOn: '2016-03-01',
      statusSince: '2020-12-01',
      exitYear: 2020,
      edge: false,
      monitoring: {
        state: 'NONE',
        stateLabel: '未纳入监测',
        category: null,
        categoryLabel: null,
        since: null,
      },
      membersCount: 4,
      latestIncome: { year: 2020, perCapitaNetIncome: 520_000n },
      lastVisitOn: '2026-10-01',
      openProblems: 2,
      overdueProblems: 1,
      revision: events.length - 1,
    });
  });

  it('lists the current members after a head left: the new head first, the newborn last', async () => {
    const members = await new GetHouseholdMembersHandler(fx.db).execute(
      new GetHouseholdMembersQuery(id),
    );
    expect(members.map((m) => [m.name, m.relation, m.relationLabel, m.since])).toEqual([
      ['王三', 'HEAD', '户主', '2016-03-01'],
      ['李二', 'SPOUSE', '配偶', '2016-03-01'],
      ['王四', 'CHILD', '子女', '2016-03-01'],
      ['王五', 'GRANDCHILD', '孙子女', '2023-02-01'],
    ]);
    expect(members.find((m) => m.idNumber === head.idNumber)).toBeUndefined();
    expect(members[1]).toEqual({
      name: '李二',
      idNumber: spouse.idNumber,
      relation: 'SPOUSE',
      relationLabel: '配偶',
      sex: 'FEMALE',
      birthDate: '1962-02-02',
      health: 'CHRONIC_ILLNESS',
      laborAbility: 'PARTIAL',
      inSchool: null,
      since: '2016-03-01',
    });
    expect(members[2]).toMatchObject({ inSchool: true, health: null, laborAbility: null });
  });

  it('reads bigint columns and counts as numbers on both engines, as the row types say', async () => {
    const summary = await fx.db
      .selectFrom('household_summary')
      .select(['position', 'latest_income_fen'])
      .where('household_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(summary).toEqual({ position: fx.runner.position, latest_income_fen: 520_000 });
    const counted = await fx.db
      .selectFrom('assistance_ledger')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(counted.n).toBe(2);
  });

  it('lists problems newest first with overdue judged against today', async () => {
    const problems = await new GetHouseholdProblemsHandler(fx.db, fixedClock).execute(
      new GetHouseholdProblemsQuery(id),
    );
    expect(problems.map((p) => [p.id, p.foundOn, p.deadline, p.rectifiedOn, p.overdue])).toEqual([
      ['pc', '2026-10-01', '2026-12-31', null, false],
      ['pb', '2026-10-01', '2026-11-01', null, true],
      ['pa', '2020-11-20', '2020-12-31', '2021-01-05', false],
    ]);
    expect(problems[2]).toMatchObject({
      visitId: 'v1',
      description: '饮水管道老化',
      measures: '更换管道',
    });
  });

  it('lists visits and assistance newest first, money as exact fen', async () => {
    const visits = await new GetHouseholdVisitsHandler(fx.db).execute(
      new GetHouseholdVisitsQuery(id),
    );
    expect(visits).toEqual([
      {
        id: 'v2',
        date: '2026-10-01',
        cadre: '张书记',
        purpose: 'ROUTINE',
        purposeLabel: '日常走访',
        notes: null,
        perCapitaIncomeCheck: null,
      },
      {
        id: 'v1',
        date: '2020-11-20',
        cadre: '李干部',
        purpose: 'VERIFICATION',
        purposeLabel: '入户核实',
        notes: '入户核实收入',
        perCapitaIncomeCheck: 520_000n,
      },
    ]);
    const assistanceRows = await new GetHouseholdAssistanceHandler(fx.db).execute(
      new GetHouseholdAssistanceQuery(id),
    );
    expect(assistanceRows).toEqual([
      {
        id: 'a2',
        category: 'EDUCATION',
        categoryLabel: '教育帮扶',
        amount: 150_050n,
        peopleReached: 1,
        date: '2020-09-01',
        programme: null,
      },
      {
        id: 'a1',
        category: 'INDUSTRY',
        categoryLabel: '产业帮扶',
        amount: 300_000n,
        peopleReached: 4,
        date: '2020-05-01',
        programme: '产业奖补',
      },
    ]);
  });

  it('gives the audit trail from the event stream in revision order', async () => {
    const history = await new GetHouseholdHistoryHandler(fx.store).execute(
      new GetHouseholdHistoryQuery(id),
    );
    expect(history.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(history.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    for (let i = 1; i < history.length; i++)
      expect(history[i]!.position).toBeGreaterThan(history[i - 1]!.position);
    expect(history[0]).toMatchObject({
      effectiveDate: '2016-03-01',
      actor: '李干部',
      commandId: 'cmd-1',
    });
    expect(JSON.parse(history[0]!.data)).toMatchObject({
      householdId: id,
      areaCode: A1,
      registeredPoor: true,
    });
    expect(history[9]).toMatchObject({
      type: 'MemberRemoved',
      effectiveDate: '2022-03-01',
      actor: '张书记',
      commandId: null,
    });
    expect(JSON.parse(history[9]!.data)).toEqual({
      idNumber: head.idNumber,
      reason: 'DEATH',
      effectiveDate: '2022-03-01',
      newHeadIdNumber: son.idNumber,
    });
    expect(typeof history[0]!.recordedAt).toBe('string');
    expect(Number.isNaN(Date.parse(history[0]!.recordedAt))).toBe(false);
  });

  it('returns null for an unknown household and refuses an id that is not a UUID', async () => {
    const handler = new GetHouseholdHandler(fx.db, fixedClock);
    expect(await handler.execute(new GetHouseholdQuery(ids.household(901)))).toBeNull();
    await expect(handler.execute(new GetHouseholdQuery('abc'))).rejects.toMatchObject({
      code: 'INVALID_ID',
      message: expect.stringContaining('户编号格式不正确'),
    });
    await expect(handler.execute(new GetHouseholdQuery(`${id}x`))).rejects.toMatchObject({
      code: 'INVALID_ID',
    });
    expect(
      await new GetHouseholdHistoryHandler(fx.store).execute(
        new GetHouseholdHistoryQuery(ids.household(901)),
      ),
    ).toEqual([]);
  });
});

/**
 * 23 households over three villages. i % 5 === 0: not registered poor (edge when i % 10 === 0);
 * otherwise poor, exited when i % 4 === 0; i % 7 === 0 and 8: monitored; 23: deregistered.
 */
interface Spec {
  id: string;
  area: string;
  poor: boolean;
  edge: boolean;
  exited: boolean;
  monitored: boolean;
  deregistered: boolean;
}

const AREAS = [A1, A2, B1];
const SPECS: Spec[] = Array.from({ length: 23 }, (_, k) => {
  const i = k + 1;
  const poor = i % 5 !== 0;
  return {
    id: ids.household(1000 + ((i * 37) % 101)), // ids not in insertion order
    area: AREAS[i % 3]!,
    poor,
    edge: !poor && i % 10 === 0,
    exited: poor && i % 4 === 0,
    monitored: i % 7 === 0 || i === 8,
    deregistered: i === 23,
  };
});

function eventsOf(s: Spec): HouseholdEvent[] {
  const out: HouseholdEvent[] = [
    ev.registered({
      householdId: s.id,
      areaCode: s.area,
      effectiveDate: '2018-01-01',
      registeredPoor: s.poor,
      members: [member('户主', 'HEAD', '1970-01-01')],
    }),
  ];
  if (s.edge) out.push(ev.edgeFlagged('2019-01-01'));
  if (s.exited) out.push(ev.exited('2020-06-01'));
  if (s.monitored) out.push(ev.monitoringStarted('SUDDEN_HARDSHIP', '2021-01-01', ['DISASTER']));
  if (s.deregistered) out.push(ev.deregistered('2022-01-01', 'OTHER'));
  return out;
}

const byKey = (a: Spec, b: Spec) =>
  a.area === b.area ? (a.id < b.id ? -1 : 1) : a.area < b.area ? -1 : 1;
const statusOf = (s: Spec) =>
  s.deregistered ? 'DEREGISTERED' : !s.poor ? 'NON_POOR' : s.exited ? 'EXITED' : 'POOR';

describe('households list', () => {
  let fx: ReadSideFixture;
  let handler: ListHouseholdsHandler;
  const list = (filter: HouseholdFilter | null, first?: number | null, after?: string | null) =>
    handler.execute(new ListHouseholdsQuery(filter, { first, after }));

  /** Walks every page and returns the ids in order, checking the page invariants on the way. */
  async function walk(
    filter: HouseholdFilter | null,
    first: number,
  ): Promise<{ ids: string[]; pages: number; total: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = -1;
    for (;;) {
      const page = await list(filter, first, after);
      pages++;
      if (total === -1) total = page.totalCount;
      expect(page.totalCount).toBe(total);
      expect(page.edges.length).toBeLessThanOrEqual(first);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(first);
      after = page.pageInfo.endCursor;
      if (pages > 100) throw new Error('pagination does not end');
    }
    return { ids, pages, total };
  }

  beforeAll(async () => {
    fx = await openReadSideFixture();
    handler = new ListHouseholdsHandler(fx.db, fixedClock);
    for (const s of SPECS) await fx.append(s.id, eventsOf(s));
    await fx.catchUp();
  });

  afterAll(async () => {
    await fx.close();
  });

  it('pages through every household exactly once in (area, id) order with a stable totalCount', async () => {
    const expected = [...SPECS].sort(byKey).map((s) => s.id);
    const { ids, pages, total } = await walk(null, 5);
    expect(total).toBe(23);
    expect(pages).toBe(5);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(23);
    expect((await walk(null, 23)).pages).toBe(1);
    expect((await walk(null, 200)).ids).toEqual(expected);
  });

  it('uses the default page size of 20', async () => {
    const page = await list(null, undefined, undefined);
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(23);
  });

  it('filters by area prefix, status, edge, monitoring and registration', async () => {
    const ids = async (filter: HouseholdFilter) => (await walk(filter, 4)).ids;
    const expect_ = (pred: (s: Spec) => boolean) =>
      SPECS.filter(pred)
        .sort(byKey)
        .map((s) => s.id);

    expect(await ids({ areaCode: A2 })).toEqual(expect_((s) => s.area === A2));
    expect(await ids({ areaCode: '431023101' })).toEqual(expect_((s) => s.area === B1));
    expect(await ids({ status: 'EXITED' })).toEqual(expect_((s) => statusOf(s) === 'EXITED'));
    expect(await ids({ status: 'NON_POOR' })).toEqual(expect_((s) => statusOf(s) === 'NON_POOR'));
    expect(await ids({ status: 'DEREGISTERED' })).toEqual([SPECS[22]!.id]);
    expect(await ids({ edge: true })).toEqual(expect_((s) => s.edge));
    expect(await ids({ monitored: true })).toEqual(expect_((s) => s.monitored && !s.deregistered));
    expect(await ids({ registeredPoor: false })).toEqual(expect_((s) => !s.poor));
    expect(
      await ids({ registeredPoor: true, status: 'POOR', areaCode: A1, monitored: false }),
    ).toEqual(expect_((s) => s.area === A1 && statusOf(s) === 'POOR' && !s.monitored));
    expect((await list({ areaCode: '44' })).totalCount).toBe(0);
    // Sanity: the filters above are not all empty.
    expect(expect_((s) => s.edge).length).toBe(2);
    expect(expect_((s) => s.monitored && !s.deregistered).length).toBe(4);
  });

  it('maps each node from its summary row', async () => {
    const exitedSpec = SPECS.find((s) => s.exited && s.monitored)!;
    const page = await list({ status: 'EXITED', monitored: true, areaCode: exitedSpec.area });
    expect(page.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        id: exitedSpec.id,
        areaCode: exitedSpec.area,
        status: 'EXITED',
        statusLabel: '已脱贫',
        exitYear: 2020,
        statusSince: '2020-06-01',
        monitoring: {
          state: 'MONITORED',
          stateLabel: '监测中',
          category: 'SUDDEN_HARDSHIP',
          categoryLabel: '突发严重困难户',
          since: '2021-01-01',
        },
        membersCount: 1,
        latestIncome: null,
        overdueProblems: 0,
      }),
    ]);
  });

  it('refuses bad page sizes, malformed cursors and area codes', async () => {
    await expect(list(null, 0)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(list(null, -3)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(list(null, 201)).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
    await expect(list(null, 1.5)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    for (const bad of [
      'not a cursor!',
      'e30',
      Buffer.from('["a","b"]').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      '',
    ]) {
      await expect(list(null, 5, bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(list({ areaCode: '4310' + 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(list({ status: 'RICH' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('keeps its place when households are registered meanwhile (keyset, not offset)', async () => {
    const expected = [...SPECS].sort(byKey).map((s) => s.id);
    const first = await list(null, 5);
    expect(first.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 5));
    const before = ids.household(1); // village A1, smallest id: sorts before the cursor
    const later = ids.household(999_999); // village B1, largest id: sorts after everything
    await fx.record(before, ...eventsOf({ ...SPECS[0]!, id: before, area: A1 }));
    await fx.record(later, ...eventsOf({ ...SPECS[0]!, id: later, area: B1 }));
    const rest: string[] = [];
    let after = first.pageInfo.endCursor;
    for (;;) {
      const page = await list(null, 5, after);
      expect(page.totalCount).toBe(25);
      rest.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(rest).toEqual([...expected.slice(5), later]);
  });

  it('round-trips its opaque cursor', () => {
    const key = { areaCode: A1, householdId: ids.household(7) };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(encodeCursor(key)).not.toContain(A1);
  });
});

describe('area prefix filter', () => {
  let fx: ReadSideFixture;
  const areas = [
    '431023109201',
    '431023109999',
    '431023110201',
    '431024100201',
    '991023100201',
    '999999999201',
  ];

  beforeAll(async () => {
    fx = await openReadSideFixture();
    for (const [i, area] of areas.entries()) {
      const id = ids.household(5000 + i);
      await fx.append(id, [
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: '2018-01-01',
          members: [member('户主', 'HEAD', '1970-01-01')],
        }),
      ]);
    }
    await fx.catchUp();
  });

  afterAll(async () => {
    await fx.close();
  });

  it('matches exactly the codes that start with the prefix, across digit carries', async () => {
    const handler = new ListHouseholdsHandler(fx.db, fixedClock);
    const codes = async (areaCode: string) =>
      (await handler.execute(new ListHouseholdsQuery({ areaCode }, { first: 200 }))).edges.map(
        (e) => e.node.areaCode,
      );
    expect(await codes('431023109')).toEqual(['431023109201', '431023109999']);
    expect(await codes('431023110')).toEqual(['431023110201']);
    expect(await codes('431023')).toEqual(['431023109201', '431023109999', '431023110201']);
    expect(await codes('4310')).toEqual([
      '431023109201',
      '431023109999',
      '431023110201',
      '431024100201',
    ]);
    expect(await codes('99')).toEqual(['991023100201', '999999999201']);
    expect(await codes('999999999201')).toEqual(['999999999201']);
    expect(await codes('431023109999')).toEqual(['431023109999']);
  });
});
