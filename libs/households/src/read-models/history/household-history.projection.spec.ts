import { describe, expect, it } from '@jest/globals';
import type { HouseholdEvent } from '../../domain/index.js';
import { ev, ids, member, projectionSpec, type Row } from '../testing/projection-harness.js';
import {
  EDGE_HISTORY,
  householdHistoryProjection as projection,
  MONITORING_HISTORY,
  STATUS_HISTORY,
} from './household-history.projection.js';

const H = ids.household(1);
const head = member('张三', 'HEAD', '1970-05-06', 'MALE', { seq: 11 });
const registration = (poor = true) =>
  ev.registered({
    householdId: H,
    effectiveDate: '2018-03-01',
    members: [head],
    registeredPoor: poor,
  });

describe('household history projection', () => {
  const spec = projectionSpec(projection, 'history-');

  const record = (...events: HouseholdEvent[]) => spec.record(H, ...events);
  const rows = async (
    table: typeof STATUS_HISTORY | typeof EDGE_HISTORY | typeof MONITORING_HISTORY,
    householdId = H,
  ) =>
    (await spec.db
      .selectFrom(table)
      .selectAll()
      .where('household_id', '=', householdId)
      .orderBy('from_revision')
      .execute()) as Row[];
  /** The household's intervals in a table, each as the tuple of these columns. */
  const intervals = async (table: Parameters<typeof rows>[0], columns: string[]) =>
    (await rows(table)).map((r) => columns.map((column) => r[column]));
  const INTERVAL = ['valid_from', 'valid_to', 'from_revision', 'to_revision'];
  /** Status intervals as [status, from, to, from_revision, to_revision]. */
  const statuses = () => intervals(STATUS_HISTORY, ['status', ...INTERVAL]);
  /** Edge intervals as [from, to, from_revision, to_revision]. */
  const edges = () => intervals(EDGE_HISTORY, INTERVAL);
  /** Monitoring intervals as [state, category, from, to, from_revision, to_revision]. */
  const monitoring = () => intervals(MONITORING_HISTORY, ['state', 'category', ...INTERVAL]);

  it('handles status, edge and monitoring events only', () => {
    expect([...projection.handles].sort()).toEqual(
      [
        'HouseholdRegistered',
        'PovertyExited',
        'ReturnedToPoverty',
        'HouseholdDeregistered',
        'EdgeHouseholdFlagged',
        'EdgeHouseholdCleared',
        'MonitoringStarted',
        'RiskEliminated',
        'MonitoringReopened',
      ].sort(),
    );
    expect(projection.tables).toEqual([STATUS_HISTORY, EDGE_HISTORY, MONITORING_HISTORY]);
  });

  it('HouseholdRegistered opens the first status interval: POOR for a registered poor household', async () => {
    await record(registration());
    expect(await rows(STATUS_HISTORY)).toEqual([
      {
        household_id: H,
        from_revision: 0,
        from_position: 1,
        valid_from: '2018-03-01',
        valid_to: null,
        to_revision: null,
        to_position: null,
        status: 'POOR',
      },
    ]);
    expect(await rows(EDGE_HISTORY)).toEqual([]);
    expect(await rows(MONITORING_HISTORY)).toEqual([]);
  });

  it('HouseholdRegistered opens NON_POOR for a household not registered poor', async () => {
    await record(registration(false));
    expect(await statuses()).toEqual([['NON_POOR', '2018-03-01', null, 0, null]]);
  });

  it('PovertyExited closes POOR on the exit date and opens EXITED', async () => {
    await record(registration(), ev.income(2020, 600_000, '2020-11-01'), ev.exited('2020-12-15'));
    expect(await statuses()).toEqual([
      ['POOR', '2018-03-01', '2020-12-15', 0, 2],
      ['EXITED', '2020-12-15', null, 2, null],
    ]);
  });

  it('ReturnedToPoverty closes EXITED and opens POOR again', async () => {
    await record(registration(), ev.exited('2020-12-15'), ev.returned('2021-07-01'));
    expect(await statuses()).toEqual([
      ['POOR', '2018-03-01', '2020-12-15', 0, 1],
      ['EXITED', '2020-12-15', '2021-07-01', 1, 2],
      ['POOR', '2021-07-01', null, 2, null],
    ]);
  });

  it('EdgeHouseholdFlagged opens an edge interval', async () => {
    await record(registration(false), ev.edgeFlagged('2018-05-01', '收入不稳'));
    expect(await edges()).toEqual([['2018-05-01', null, 1, null]]);
  });

  it('EdgeHouseholdCleared closes it; a second flag opens a new one', async () => {
    await record(registration(false), ev.edgeFlagged('2018-05-01'), ev.edgeCleared('2019-01-01'));
    expect(await edges()).toEqual([['2018-05-01', '2019-01-01', 1, 2]]);
    await record(ev.edgeFlagged('2020-02-02'));
    expect(await edges()).toEqual([
      ['2018-05-01', '2019-01-01', 1, 2],
      ['2020-02-02', null, 3, null],
    ]);
  });

  it('MonitoringStarted opens a MONITORED interval with its category', async () => {
    await record(registration(false), ev.monitoringStarted('EDGE_PRONE', '2018-06-01'));
    expect(await monitoring()).toEqual([['MONITORED', 'EDGE_PRONE', '2018-06-01', null, 1, null]]);
  });

  it('RiskEliminated closes MONITORED and opens ELIMINATED with the same category', async () => {
    await record(
      registration(false),
      ev.monitoringStarted('EDGE_PRONE', '2018-06-01'),
      ev.riskEliminated('2019-01-01'),
    );
    expect(await monitoring()).toEqual([
      ['MONITORED', 'EDGE_PRONE', '2018-06-01', '2019-01-01', 1, 2],
      ['ELIMINATED', 'EDGE_PRONE', '2019-01-01', null, 2, null],
    ]);
  });

  it('MonitoringReopened closes ELIMINATED and opens MONITORED with the same category', async () => {
    await record(
      registration(),
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2018-06-01'),
      ev.riskEliminated('2019-01-01'),
      ev.monitoringReopened('2019-05-05'),
    );
    expect(await monitoring()).toEqual([
      ['MONITORED', 'SUDDEN_HARDSHIP', '2018-06-01', '2019-01-01', 1, 2],
      ['ELIMINATED', 'SUDDEN_HARDSHIP', '2019-01-01', '2019-05-05', 2, 3],
      ['MONITORED', 'SUDDEN_HARDSHIP', '2019-05-05', null, 3, null],
    ]);
  });

  it('MonitoringStarted after an elimination opens a new period with the new category', async () => {
    await record(
      registration(false),
      ev.monitoringStarted('EDGE_PRONE', '2018-06-01'),
      ev.riskEliminated('2019-01-01'),
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2020-03-03'),
    );
    expect(await monitoring()).toEqual([
      ['MONITORED', 'EDGE_PRONE', '2018-06-01', '2019-01-01', 1, 2],
      ['ELIMINATED', 'EDGE_PRONE', '2019-01-01', '2020-03-03', 2, 3],
      ['MONITORED', 'SUDDEN_HARDSHIP', '2020-03-03', null, 3, null],
    ]);
  });

  it('HouseholdDeregistered opens DEREGISTERED and ends the edge flag and the monitoring', async () => {
    await record(
      registration(false),
      ev.edgeFlagged('2018-05-01'),
      ev.monitoringStarted('EDGE_PRONE', '2018-06-01'),
      ev.deregistered('2019-02-02', 'HOUSEHOLD_GONE'),
    );
    expect(await statuses()).toEqual([
      ['NON_POOR', '2018-03-01', '2019-02-02', 0, 3],
      ['DEREGISTERED', '2019-02-02', null, 3, null],
    ]);
    expect(await edges()).toEqual([['2018-05-01', '2019-02-02', 1, 3]]);
    expect(await monitoring()).toEqual([
      ['MONITORED', 'EDGE_PRONE', '2018-06-01', '2019-02-02', 2, 3],
    ]);
  });

  it('writes nothing for events it does not handle', async () => {
    await record(registration());
    const before = await spec.dump();
    await record(
      ev.income(2019, 1, '2019-11-01'),
      ev.visit(ids.visit(1), '2019-12-01'),
      ev.assistance(ids.assistance(1), 'HEALTH', 100, '2019-12-02'),
    );
    expect(await spec.dump()).toEqual(before);
  });

  it('keeps households apart', async () => {
    const other = ids.household(2);
    await record(registration(false), ev.edgeFlagged('2018-05-01'));
    await spec.record(
      other,
      ev.otherHouseholdRegistered(other, '2018-01-01', false),
      ev.edgeFlagged('2018-02-01'),
      ev.deregistered('2018-09-09', 'OTHER'),
    );
    expect(await edges()).toEqual([['2018-05-01', null, 1, null]]);
    expect(await statuses()).toEqual([['NON_POOR', '2018-03-01', null, 0, null]]);
    expect((await rows(EDGE_HISTORY, other)).map((r) => r.valid_to)).toEqual(['2018-09-09']);
  });

  it('applying a whole household history twice gives the same rows', async () => {
    const events = spec.log.add(
      H,
      registration(),
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2018-06-01'),
      ev.income(2019, 500_000, '2019-11-01'),
      ev.riskEliminated('2019-12-01'),
      ev.exited('2019-12-20'),
      ev.monitoringStarted('UNSTABLE_EXITED', '2020-03-01'),
      ev.riskEliminated('2020-12-01'),
      ev.monitoringReopened('2021-03-01'),
      ev.returned('2021-04-01'),
      ev.income(2021, 300_000, '2021-11-01'),
      ev.exited('2021-12-20'),
      ev.deregistered('2022-06-01', 'OTHER'),
    );
    const { once, twice } = await spec.applyTwice(events);

    expect(twice).toEqual(once);
    expect(await statuses()).toEqual([
      ['POOR', '2018-03-01', '2019-12-20', 0, 4],
      ['EXITED', '2019-12-20', '2021-04-01', 4, 8],
      ['POOR', '2021-04-01', '2021-12-20', 8, 10],
      ['EXITED', '2021-12-20', '2022-06-01', 10, 11],
      ['DEREGISTERED', '2022-06-01', null, 11, null],
    ]);
    expect(await monitoring()).toEqual([
      ['MONITORED', 'SUDDEN_HARDSHIP', '2018-06-01', '2019-12-01', 1, 3],
      ['ELIMINATED', 'SUDDEN_HARDSHIP', '2019-12-01', '2020-03-01', 3, 5],
      ['MONITORED', 'UNSTABLE_EXITED', '2020-03-01', '2020-12-01', 5, 6],
      ['ELIMINATED', 'UNSTABLE_EXITED', '2020-12-01', '2021-03-01', 6, 7],
      // The return to poverty ends monitoring as an unstable exited household.
      ['MONITORED', 'UNSTABLE_EXITED', '2021-03-01', '2021-04-01', 7, 8],
    ]);
  });
});
