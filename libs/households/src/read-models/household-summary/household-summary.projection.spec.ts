import { describe, expect, it } from '@jest/globals';
import type { HouseholdEvent } from '../../domain/index.js';
import { decodeHouseholdEvent } from '../household-event.js';
import {
  ev,
  EventLog,
  ids,
  member,
  projectionSpec,
  recordedAtFor,
  villageCode,
} from '../testing/projection-harness.js';
import {
  evolveSummary,
  householdSummaryProjection as projection,
  SUMMARY_TABLE,
  type SummaryRow,
} from './household-summary.projection.js';

const H = ids.household(1);
const head = member('张三', 'HEAD', '1970-05-06', 'MALE', { seq: 11, laborAbility: 'FULL' });
const spouse = member('李四', 'SPOUSE', '1972-08-09', 'FEMALE', { seq: 12 });
const baby = member('张小', 'CHILD', '2019-01-02', 'MALE', { seq: 13 });

const registration = (o: { poor?: boolean; address?: string } = {}) =>
  ev.registered({
    householdId: H,
    effectiveDate: '2018-03-01',
    members: [head, spouse],
    registeredPoor: o.poor ?? true,
    identifiedYear: 2017,
    povertyCauses: ['ILLNESS', 'SCHOOLING'],
    areaCode: villageCode(2),
    ...(o.address !== undefined && { address: o.address }),
  });

describe('household summary projection', () => {
  const spec = projectionSpec(projection, 'summary-');

  const record = (...events: HouseholdEvent[]) => spec.record(H, ...events);
  const summary = async (householdId = H) =>
    (await spec.db
      .selectFrom(SUMMARY_TABLE)
      .selectAll()
      .where('household_id', '=', householdId)
      .executeTakeFirst()) as SummaryRow | undefined;

  it('HouseholdRegistered (registered poor) creates the full row', async () => {
    const [e] = await record(registration({ address: '三组12号' }));
    expect(await summary()).toEqual({
      household_id: H,
      area_code: '431023101203',
      address: '三组12号',
      status: 'POOR',
      registered_poor: 1,
      identified_year: 2017,
      poverty_causes: '["ILLNESS","SCHOOLING"]',
      registered_on: '2018-03-01',
      status_since: '2018-03-01',
      exit_year: null,
      edge: 0,
      monitoring_state: 'NONE',
      monitoring_category: null,
      monitoring_since: null,
      members_count: 2,
      latest_income_year: null,
      latest_income_fen: null,
      last_visit_on: null,
      open_problems: '{}',
      open_problems_count: 0,
      next_deadline: null,
      revision: 0,
      position: 1,
      updated_at: e!.metadata.recordedAt,
    });
    expect(e!.metadata.recordedAt).toBe('2018-03-01T08:00:01.000Z');
  });

  it('HouseholdRegistered (not registered poor) is NON_POOR with no year, causes or address', async () => {
    await record(registration({ poor: false }));
    const row = await summary();
    expect(row).toMatchObject({
      status: 'NON_POOR',
      registered_poor: 0,
      identified_year: null,
      poverty_causes: '[]',
      address: null,
      members_count: 2,
    });
  });

  it('MemberAdded counts the member and moves revision, position and updated_at', async () => {
    await record(registration());
    const [added] = await record(ev.memberAdded(baby, 'BIRTH', '2019-01-10'));
    expect(await summary()).toMatchObject({
      members_count: 3,
      revision: 1,
      position: 2,
      updated_at: recordedAtFor('2019-01-10', 2),
    });
    expect(added!.revision).toBe(1);
  });

  it('MemberRemoved uncounts the member', async () => {
    await record(registration(), ev.memberAdded(baby, 'BIRTH', '2019-01-10'));
    await record(ev.memberRemoved(head.idNumber, 'DEATH', '2020-02-02', spouse.idNumber));
    expect(await summary()).toMatchObject({ members_count: 2, revision: 2, position: 3 });
  });

  it('IncomeAssessed keeps the latest year, ignores older years and lets a reassessment replace its year', async () => {
    await record(
      registration(),
      ev.income(2019, 300_000, '2019-12-01'),
      ev.income(2020, 450_000, '2020-12-01'),
    );
    expect(await summary()).toMatchObject({ latest_income_year: 2020, latest_income_fen: 450_000 });

    await record(ev.income(2018, 999, '2020-12-05'));
    expect(await summary()).toMatchObject({
      latest_income_year: 2020,
      latest_income_fen: 450_000,
      revision: 3,
    });

    await record(ev.income(2020, 461_234, '2020-12-20'));
    expect(await summary()).toMatchObject({
      latest_income_year: 2020,
      latest_income_fen: 461_234,
      revision: 4,
    });
  });

  it('PovertyExited sets EXITED, the exit date and the exit year', async () => {
    await record(registration(), ev.income(2020, 600_000, '2020-11-01'), ev.exited('2020-12-15'));
    expect(await summary()).toMatchObject({
      status: 'EXITED',
      status_since: '2020-12-15',
      exit_year: 2020,
      registered_poor: 1,
      registered_on: '2018-03-01',
    });
  });

  it('ReturnedToPoverty sets POOR again from the return date', async () => {
    await record(registration(), ev.exited('2020-12-15'), ev.returned('2021-07-01'));
    expect(await summary()).toMatchObject({
      status: 'POOR',
      status_since: '2021-07-01',
      revision: 2,
    });
  });

  it('EdgeHouseholdFlagged sets the edge flag', async () => {
    await record(registration({ poor: false }), ev.edgeFlagged('2018-04-01', '收入不稳'));
    expect(await summary()).toMatchObject({ edge: 1, status: 'NON_POOR' });
  });

  it('EdgeHouseholdCleared clears the edge flag', async () => {
    await record(
      registration({ poor: false }),
      ev.edgeFlagged('2018-04-01'),
      ev.edgeCleared('2019-04-01'),
    );
    expect(await summary()).toMatchObject({ edge: 0, revision: 2 });
  });

  it.each([
    [
      'MonitoringStarted sets MONITORED with its category and start date',
      [ev.monitoringStarted('EDGE_PRONE', '2018-06-01')],
      ['MONITORED', 'EDGE_PRONE', '2018-06-01'],
    ],
    [
      'RiskEliminated sets ELIMINATED and keeps category and start date',
      [ev.monitoringStarted('EDGE_PRONE', '2018-06-01'), ev.riskEliminated('2019-01-01')],
      ['ELIMINATED', 'EDGE_PRONE', '2018-06-01'],
    ],
    [
      'MonitoringReopened sets MONITORED again from the reopening date, same category',
      [
        ev.monitoringStarted('SUDDEN_HARDSHIP', '2018-06-01'),
        ev.riskEliminated('2019-01-01'),
        ev.monitoringReopened('2019-05-05'),
      ],
      ['MONITORED', 'SUDDEN_HARDSHIP', '2019-05-05'],
    ],
  ])('%s', async (_name, events, [state, category, since]) => {
    await record(registration({ poor: false }), ...events);
    expect(await summary()).toMatchObject({
      monitoring_state: state,
      monitoring_category: category,
      monitoring_since: since,
    });
  });

  it('AssistanceRecorded changes only revision, position and updated_at', async () => {
    await record(registration());
    const before = await summary();
    await record(ev.assistance(ids.assistance(1), 'INDUSTRY', 500_000, '2018-05-01', 2));
    expect(await summary()).toEqual({
      ...before,
      revision: 1,
      position: 2,
      updated_at: recordedAtFor('2018-05-01', 2),
    });
  });

  it('VisitLogged records the latest visit date; an older visit logged later does not move it back', async () => {
    await record(registration(), ev.visit(ids.visit(1), '2019-06-01'));
    expect((await summary())?.last_visit_on).toBe('2019-06-01');
    await record(ev.visit(ids.visit(2), '2019-03-01'));
    expect(await summary()).toMatchObject({ last_visit_on: '2019-06-01', revision: 2 });
    await record(ev.visit(ids.visit(3), '2019-09-09'));
    expect((await summary())?.last_visit_on).toBe('2019-09-09');
  });

  /** A visit on 2019-06-01 finding problem 1 (deadline 2019-09-30) and problem 2 (2019-07-15). */
  const twoProblemsFound = () => [
    ev.visit(ids.visit(1), '2019-06-01'),
    ev.problem(ids.problem(1), ids.visit(1), '2019-06-01', '2019-09-30'),
    ev.problem(ids.problem(2), ids.visit(1), '2019-06-01', '2019-07-15'),
  ];

  it('ProblemRecorded lists the open problem with its deadline and sets the nearest deadline', async () => {
    await record(registration(), ...twoProblemsFound());
    const row = await summary();
    expect(JSON.parse(row!.open_problems)).toEqual({
      [ids.problem(1)]: '2019-09-30',
      [ids.problem(2)]: '2019-07-15',
    });
    expect(row).toMatchObject({ open_problems_count: 2, next_deadline: '2019-07-15' });
  });

  it('ProblemRectified removes the problem and recomputes the nearest deadline', async () => {
    await record(registration(), ...twoProblemsFound(), ev.rectified(ids.problem(2), '2019-07-01'));
    let row = await summary();
    expect(JSON.parse(row!.open_problems)).toEqual({ [ids.problem(1)]: '2019-09-30' });
    expect(row).toMatchObject({ open_problems_count: 1, next_deadline: '2019-09-30' });

    await record(ev.rectified(ids.problem(1), '2019-08-01'));
    row = await summary();
    expect(row).toMatchObject({ open_problems: '{}', open_problems_count: 0, next_deadline: null });
  });

  it('HouseholdDeregistered sets DEREGISTERED and ends edge flag, monitoring and membership', async () => {
    await record(
      registration({ poor: false }),
      ev.edgeFlagged('2018-04-01'),
      ev.monitoringStarted('EDGE_PRONE', '2018-06-01'),
      ev.deregistered('2019-02-02', 'HOUSEHOLD_GONE'),
    );
    expect(await summary()).toMatchObject({
      status: 'DEREGISTERED',
      status_since: '2019-02-02',
      edge: 0,
      monitoring_state: 'NONE',
      members_count: 0,
      revision: 3,
    });
  });

  it('HouseholdDeregistered also ends an eliminated risk (NONE), as the history does', async () => {
    await record(
      registration(),
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2018-06-01'),
      ev.riskEliminated('2019-01-01'),
      ev.deregistered('2019-02-02', 'WRONGLY_REGISTERED', '误登'),
    );
    expect(await summary()).toMatchObject({
      status: 'DEREGISTERED',
      status_since: '2019-02-02',
      monitoring_state: 'NONE',
      members_count: 0,
    });
  });

  it('ignores events of a household it has no registration for', async () => {
    const other = ids.household(2);
    await spec.record(
      other,
      ev.memberAdded(baby, 'BIRTH', '2019-01-10'),
      ev.visit(ids.visit(9), '2019-02-01'),
    );
    expect(await summary(other)).toBeUndefined();
    expect(await spec.db.selectFrom(SUMMARY_TABLE).selectAll().execute()).toEqual([]);
  });

  it('ignores an event at or below the stored revision (a redelivered older event changes nothing)', async () => {
    const [reg, added, removed] = await record(
      registration(),
      ev.memberAdded(baby, 'BIRTH', '2019-01-10'),
      ev.memberRemoved(spouse.idNumber, 'MOVED', '2019-05-05'),
    );
    const before = await summary();
    expect(before).toMatchObject({ members_count: 2, revision: 2 });
    await spec.apply([added!, reg!, removed!]);
    expect(await summary()).toEqual(before);
  });

  it('applying a whole household history twice gives the same rows', async () => {
    const v = ids.visit(1);
    const events = spec.log.add(
      H,
      registration({ address: '一组1号' }),
      ev.memberAdded(baby, 'BIRTH', '2019-01-10'),
      ev.income(2019, 300_000, '2019-11-01'),
      ev.visit(v, '2019-12-01', { perCapitaIncomeCheckFen: 310_000 }),
      ev.problem(ids.problem(1), v, '2019-12-01', '2020-03-01'),
      ev.assistance(ids.assistance(1), 'EDUCATION', 120_000, '2020-01-05', 1),
      ev.income(2020, 520_000, '2020-11-01'),
      ev.rectified(ids.problem(1), '2020-02-01'),
      ev.exited('2020-12-01'),
      ev.monitoringStarted('UNSTABLE_EXITED', '2021-01-01'),
      ev.riskEliminated('2021-08-01'),
      ev.memberRemoved(head.idNumber, 'DEATH', '2021-09-01', spouse.idNumber),
      ev.deregistered('2022-01-01', 'OTHER'),
    );
    // A second household interleaved, so rows are keyed per stream, not per log.
    const other = spec.log.add(
      ids.household(2),
      ev.otherHouseholdRegistered(ids.household(2), '2019-01-01', false),
      ev.edgeFlagged('2019-02-01'),
    );

    const { once, twice } = await spec.applyTwice([...events, ...other]);

    expect(twice).toEqual(once);
    expect(once[SUMMARY_TABLE]).toHaveLength(2);
    expect(await summary()).toMatchObject({
      status: 'DEREGISTERED',
      members_count: 0,
      latest_income_year: 2020,
      latest_income_fen: 520_000,
      exit_year: 2020,
      monitoring_state: 'NONE',
      open_problems_count: 0,
      last_visit_on: '2019-12-01',
      revision: 12,
      position: 13,
    });
    expect(await summary(ids.household(2))).toMatchObject({ edge: 1, revision: 1, position: 15 });
  });
});

describe('evolveSummary (pure)', () => {
  const [reg, visit, problem, rectified] = new EventLog()
    .add(
      H,
      registration(),
      ev.visit(ids.visit(1), '2018-05-05'),
      ev.problem(ids.problem(1), ids.visit(1), '2018-05-05', '2018-06-30'),
      ev.rectified(ids.problem(1), '2018-06-01'),
    )
    .map(decodeHouseholdEvent);

  it('a registration builds the row from nothing; anything else on nothing stays nothing', () => {
    const row = evolveSummary(null, reg!);
    expect(row).toMatchObject({
      household_id: H,
      status: 'POOR',
      members_count: 2,
      revision: 0,
      position: 1,
    });
    expect(evolveSummary(null, visit!)).toBeNull();
  });

  it('folds visit, problem and rectification without mutating its input', () => {
    const registered = evolveSummary(null, reg!)!;
    const visited = evolveSummary(registered, visit!)!;
    const withProblem = evolveSummary(visited, problem!)!;
    const snapshot = structuredClone(withProblem);
    const done = evolveSummary(withProblem, rectified!)!;

    expect(visited).toMatchObject({ last_visit_on: '2018-05-05', revision: 1, position: 2 });
    expect(withProblem).toMatchObject({
      open_problems: JSON.stringify({ [ids.problem(1)]: '2018-06-30' }),
      open_problems_count: 1,
      next_deadline: '2018-06-30',
    });
    expect(done).toMatchObject({
      open_problems: '{}',
      open_problems_count: 0,
      next_deadline: null,
      revision: 3,
    });
    expect(withProblem).toEqual(snapshot);
    expect(registered.last_visit_on).toBeNull();
  });
});
