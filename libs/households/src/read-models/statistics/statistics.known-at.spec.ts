import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HouseholdEvent } from '../../domain/index.js';
import { InputError } from '../../shared/input-error.js';
import { openReadSideFixture, type ReadSideFixture } from '../testing/fixture.js';
import { ev, ids, member } from '../testing/projection-harness.js';
import { GetStatisticsHandler, GetStatisticsQuery } from './statistics.query.js';

const A1 = '431023100201';
const B1 = '431023101201';
const H1 = ids.household(1);
const H2 = ids.household(2);
const H3 = ids.household(3);
const H4 = ids.household(4);
const H5 = ids.household(5);

const spouse = member('李秀英', 'SPOUSE', '1972-04-04', 'FEMALE');

/** The log as it stood when the 2020 report was first generated. */
const BEFORE: [string, HouseholdEvent[]][] = [
  [
    H1,
    [
      ev.registered({
        householdId: H1,
        areaCode: A1,
        effectiveDate: '2016-03-01',
        members: [member('王建国', 'HEAD', '1970-01-01'), spouse],
      }),
      ev.income(2020, 520_000, '2020-11-01'),
      ev.visit('v1', '2020-02-01', { purpose: 'REVIEW' }),
      ev.problem('p1', 'v1', '2020-02-01', '2020-06-30'),
      ev.assistance('a1', 'INDUSTRY', 1_000_000, '2020-04-01', 2),
    ],
  ],
  [
    H2,
    [
      ev.registered({
        householdId: H2,
        areaCode: B1,
        effectiveDate: '2019-01-10',
        registeredPoor: false,
        members: [member('刘一', 'HEAD', '1980-05-05')],
      }),
      ev.edgeFlagged('2019-02-01', '收入略高于贫困线'),
      ev.monitoringStarted('EDGE_PRONE', '2020-01-15', ['ILLNESS']),
      ev.assistance('a2', 'EDUCATION', 300_000, '2020-03-01', 1),
    ],
  ],
  [
    H3,
    [
      ev.registered({
        householdId: H3,
        areaCode: A1,
        effectiveDate: '2015-06-01',
        members: [member('赵老汉', 'HEAD', '1940-07-07')],
      }),
      ev.exited('2018-12-20'),
    ],
  ],
];

/** Recorded in January 2021, dated in 2020: back-dated corrections touching every table. */
const AFTER: [string, HouseholdEvent[]][] = [
  [
    H1,
    [
      ev.exited('2020-12-20'),
      ev.rectified('p1', '2020-06-15'),
      ev.assistance('a3', 'BOTTOM_LINE_SECURITY', 250_001, '2020-11-30', 2),
      ev.visit('v2', '2020-12-01'),
      ev.problem('p2', 'v2', '2020-12-01', '2021-01-31'),
      ev.memberRemoved(spouse.idNumber, 'DEATH', '2020-12-25'),
    ],
  ],
  [H2, [ev.riskEliminated('2020-12-30'), ev.edgeCleared('2020-12-31')]],
  [H3, [ev.deregistered('2020-10-01', 'WRONGLY_REGISTERED')]],
  [
    H4,
    [
      ev.registered({
        householdId: H4,
        areaCode: B1,
        effectiveDate: '2020-05-01',
        members: [member('陈一', 'HEAD', '1975-01-01'), member('陈二', 'CHILD', '2001-01-01')],
      }),
    ],
  ],
  [
    H5,
    [
      ev.registered({
        householdId: H5,
        areaCode: A1,
        effectiveDate: '2020-02-01',
        registeredPoor: false,
        members: [member('孙一', 'HEAD', '1960-01-01')],
      }),
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2020-03-01', ['DISASTER']),
    ],
  ],
];

async function fixtureWith(...parts: [string, HouseholdEvent[]][][]): Promise<ReadSideFixture> {
  const fx = await openReadSideFixture();
  for (const part of parts) for (const [id, events] of part) await fx.append(id, events);
  await fx.catchUp();
  return fx;
}

/**
 * The oracle: statistics "as known at K" on the full log must equal the statistics of a store
 * that only ever held the log up to K (same events, same positions).
 */
describe('statistics as known at a global position', () => {
  let full: ReadSideFixture;
  let then: ReadSideFixture;
  let knownAt: number;
  const on = (fx: ReadSideFixture) => new GetStatisticsHandler(fx.db);

  beforeAll(async () => {
    then = await fixtureWith(BEFORE);
    full = await fixtureWith(BEFORE, AFTER);
    knownAt = then.runner.position;
  });

  afterAll(async () => {
    await full?.close();
    await then?.close();
  });

  it.each([
    ['2020-12-31', undefined],
    ['2020-12-31', A1],
    ['2020-12-31', B1],
    ['2020-06-30', undefined],
    ['2021-01-31', undefined],
  ])('as of %s in area %s equals the figures of the store as it stood then', async (asOf, area) => {
    const wasThen = await on(then).execute(new GetStatisticsQuery(asOf, area));
    const knownThen = await on(full).execute(new GetStatisticsQuery(asOf, area, knownAt));
    expect(knownThen).toEqual(wasThen);
    expect(knownThen.position).toBe(knownAt);
  });

  it('differs from the figures as known now, where the back-dated events count', async () => {
    const now = await on(full).execute(new GetStatisticsQuery('2020-12-31'));
    const before = await on(full).execute(new GetStatisticsQuery('2020-12-31', null, knownAt));
    expect(before).toMatchObject({
      registeredHouseholds: 2,
      registeredPeople: 3,
      exitedHouseholds: 1,
      remainingHouseholds: 1,
      edgeHouseholds: 1,
      monitoredHouseholds: 1,
      riskEliminatedHouseholds: 0,
      problemsFound: 1,
      problemsRectified: 0,
      problemsOpen: 1,
    });
    expect(now).toMatchObject({
      // H3 deregistered, H4 registered; H1 exited and lost a member.
      registeredHouseholds: 2,
      registeredPeople: 3,
      exitedHouseholds: 1,
      remainingHouseholds: 1,
      edgeHouseholds: 0, // cleared with effect from 2020-12-31
      monitoredHouseholds: 1,
      riskEliminatedHouseholds: 1,
      problemsFound: 2,
      problemsRectified: 1,
      problemsOpen: 1,
      visits: 2,
    });
    expect(now.assistance.map((a) => a.category)).toContain('BOTTOM_LINE_SECURITY');
    expect(before.assistance.map((a) => a.category)).not.toContain('BOTTOM_LINE_SECURITY');
    expect(now.position).toBe(full.runner.position);
  });

  it('refuses a position the read models have not reached, and a malformed one', async () => {
    const handler = on(full);
    const ahead = full.runner.position + 1;
    await expect(
      handler.execute(new GetStatisticsQuery('2020-12-31', null, ahead)),
    ).rejects.toMatchObject({ code: 'KNOWN_AT_AHEAD' });
    await expect(
      handler.execute(new GetStatisticsQuery('2020-12-31', null, -1)),
    ).rejects.toBeInstanceOf(InputError);
  });
});
