import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatYuan } from '../../domain/index.js';
import { InputError } from '../../shared/input-error.js';
import {
  assistance,
  exited,
  income,
  member,
  openReadSideFixture,
  problem,
  rectified,
  registered,
  uuidOf,
  visit,
  type ReadSideFixture,
} from '../testing/fixture.js';
import { GetStatisticsHandler, GetStatisticsQuery } from './statistics.query.js';
import type { Statistics } from './statistics.types.js';

const A1 = '431023100201'; // township 431023100
const A2 = '431023100202'; // township 431023100
const B1 = '431023101201'; // township 431023101

const H1 = uuidOf(1);
const H2 = uuidOf(2);
const H3 = uuidOf(3);
const H4 = uuidOf(4);
const H5 = uuidOf(5);

/**
 * H1 (A1, 3 people): poor 2016, exits 2019-06-30, returns 2020-03-01, a birth 2020-05-10, the
 *    spouse dies 2021-02-01; visits, problems and large assistance amounts.
 * H2 (A2, 2 people): poor 2017, deregistered (wrongly registered) 2021-04-01.
 * H3 (B1, 2 people): not poor; edge 2019-02-01 .. 2020-08-01; monitored (edge-prone) from
 *    2020-08-01, risk eliminated 2021-03-15, reopened 2022-01-10.
 * H4 (A1, 1 person): poor 2014, exited 2016-12-20, monitored (unstable exited) from 2020-02-01.
 * H5 (B1, 4 people): not poor, monitored (sudden hardship) 2020-09-01, deregistered 2022-05-01.
 */
describe('statistics as of a date', () => {
  let fx: ReadSideFixture;
  let handler: GetStatisticsHandler;
  const stats = (asOf: string, areaCode?: string): Promise<Statistics> =>
    handler.execute(new GetStatisticsQuery(asOf, areaCode));

  beforeAll(async () => {
    fx = await openReadSideFixture();
    handler = new GetStatisticsHandler(fx.db);

    const spouse = member('李秀英', 'SPOUSE', '1972-04-04', 'FEMALE');
    await fx.append(H1, [
      registered({
        householdId: H1,
        areaCode: A1,
        effectiveDate: '2016-03-01',
        members: [
          member('王建国', 'HEAD', '1970-01-01'),
          spouse,
          member('王小明', 'CHILD', '2000-09-09'),
        ],
      }),
      income(2019, 420_000, '2019-06-01'),
      exited('2019-06-30'),
      visit('v1', '2019-11-01'),
      problem('p3', 'v1', '2019-11-01', '2019-12-15'),
      assistance('a3', 'INDUSTRY', 123_457, '2019-12-31', 3),
      assistance('a1', 'INDUSTRY', 1_500_000_000, '2020-01-01', 3, '产业奖补'),
      rectified('p3', '2020-01-10'),
      visit('v2', '2020-02-01', { purpose: 'REVIEW' }),
      problem('p1', 'v2', '2020-02-01', '2020-03-31'),
      problem('p2', 'v2', '2020-02-01', '2020-12-31'),
      { type: 'ReturnedToPoverty', data: { effectiveDate: '2020-03-01', reason: '因病返贫' } },
      rectified('p1', '2020-05-01'),
      {
        type: 'MemberAdded',
        data: {
          member: member('王小红', 'CHILD', '2020-05-10', 'FEMALE'),
          reason: 'BIRTH',
          effectiveDate: '2020-05-10',
        },
      },
      assistance('a4', 'EDUCATION', 250_050, '2020-06-30', 1),
      assistance('a2', 'INDUSTRY', 1_500_000_000, '2020-12-31', 3),
      {
        type: 'MemberRemoved',
        data: { idNumber: spouse.idNumber, reason: 'DEATH', effectiveDate: '2021-02-01' },
      },
    ]);
    await fx.append(H2, [
      registered({
        householdId: H2,
        areaCode: A2,
        effectiveDate: '2017-05-01',
        members: [member('张三', 'HEAD', '1965-02-02'), member('张四', 'CHILD', '1995-03-03')],
      }),
      {
        type: 'HouseholdDeregistered',
        data: { effectiveDate: '2021-04-01', reason: 'WRONGLY_REGISTERED' },
      },
    ]);
    await fx.append(H3, [
      registered({
        householdId: H3,
        areaCode: B1,
        effectiveDate: '2019-01-10',
        registeredPoor: false,
        members: [
          member('刘一', 'HEAD', '1980-05-05'),
          member('刘二', 'SPOUSE', '1982-06-06', 'FEMALE'),
        ],
      }),
      {
        type: 'EdgeHouseholdFlagged',
        data: { effectiveDate: '2019-02-01', reason: '收入略高于贫困线' },
      },
      assistance('a7', 'EDUCATION', 100_000, '2020-07-01', 2),
      visit('v3', '2020-07-01'),
      { type: 'EdgeHouseholdCleared', data: { effectiveDate: '2020-08-01' } },
      {
        type: 'MonitoringStarted',
        data: { category: 'EDGE_PRONE', riskFactors: ['ILLNESS'], effectiveDate: '2020-08-01' },
      },
      income(2020, 600_000, '2021-01-20'),
      { type: 'RiskEliminated', data: { effectiveDate: '2021-03-15' } },
      { type: 'MonitoringReopened', data: { effectiveDate: '2022-01-10', reason: '再次失业' } },
    ]);
    await fx.append(H4, [
      registered({
        householdId: H4,
        areaCode: A1,
        effectiveDate: '2014-06-01',
        members: [member('赵老汉', 'HEAD', '1940-07-07')],
      }),
      exited('2016-12-20'),
      {
        type: 'MonitoringStarted',
        data: {
          category: 'UNSTABLE_EXITED',
          riskFactors: ['LACK_OF_LABOUR'],
          effectiveDate: '2020-02-01',
        },
      },
      assistance('a5', 'INDUSTRY', 1_234_567, '2020-03-15', 1),
      assistance('a6', 'HEALTH', 99, '2021-01-01', 1),
      visit('v4', '2021-01-05'),
      problem('p4', 'v4', '2021-01-05', '2021-01-31'),
    ]);
    await fx.append(H5, [
      registered({
        householdId: H5,
        areaCode: B1,
        effectiveDate: '2020-01-01',
        registeredPoor: false,
        members: [
          member('陈一', 'HEAD', '1975-01-01'),
          member('陈二', 'SPOUSE', '1976-01-01', 'FEMALE'),
          member('陈三', 'CHILD', '2001-01-01'),
          member('陈四', 'CHILD', '2003-01-01', 'FEMALE'),
        ],
      }),
      {
        type: 'MonitoringStarted',
        data: {
          category: 'SUDDEN_HARDSHIP',
          riskFactors: ['DISASTER'],
          effectiveDate: '2020-09-01',
        },
      },
      {
        type: 'HouseholdDeregistered',
        data: { effectiveDate: '2022-05-01', reason: 'HOUSEHOLD_GONE' },
      },
    ]);
    await fx.catchUp();
  });

  afterAll(async () => {
    await fx.close();
  });

  describe('registered, exited and remaining households by effective date', () => {
    it('counts nothing before anyone was registered but H4', async () => {
      expect(await stats('2014-05-31')).toMatchObject({
        registeredHouseholds: 0,
        registeredPeople: 0,
      });
      expect(await stats('2015-12-31')).toMatchObject({
        registeredHouseholds: 1,
        registeredPeople: 1,
        remainingHouseholds: 1,
        exitedHouseholds: 0,
      });
    });

    it('shows H1 still poor the day before its exit', async () => {
      expect(await stats('2019-06-29')).toMatchObject({
        registeredHouseholds: 3,
        registeredPeople: 6,
        exitedHouseholds: 1,
        exitedPeople: 1,
        remainingHouseholds: 2,
        remainingPeople: 5,
      });
    });

    it('shows H1 exited at the end of 2019 although it returned to poverty later', async () => {
      expect(await stats('2019-12-31')).toMatchObject({
        registeredHouseholds: 3,
        registeredPeople: 6,
        exitedHouseholds: 2,
        exitedPeople: 4,
        remainingHouseholds: 1,
        remainingPeople: 2,
      });
    });

    it('shows H1 remaining after its return, and counts the 2020-05-10 birth only from that date', async () => {
      expect(await stats('2020-04-30')).toMatchObject({
        exitedHouseholds: 1,
        exitedPeople: 1,
        remainingHouseholds: 2,
        remainingPeople: 5,
      });
      expect(await stats('2020-05-10')).toMatchObject({
        remainingHouseholds: 2,
        remainingPeople: 6,
      });
      expect(await stats('2020-06-30')).toMatchObject({
        registeredHouseholds: 3,
        registeredPeople: 7,
        remainingHouseholds: 2,
        remainingPeople: 6,
      });
    });

    it('drops the removed member from the removal date', async () => {
      expect(await stats('2021-01-31')).toMatchObject({ remainingPeople: 6 });
      expect(await stats('2021-02-01')).toMatchObject({ remainingPeople: 5 });
    });

    it('drops a deregistered household and its people from the deregistration date', async () => {
      expect(await stats('2021-03-31')).toMatchObject({
        registeredHouseholds: 3,
        registeredPeople: 6,
        remainingHouseholds: 2,
        remainingPeople: 5,
      });
      expect(await stats('2021-04-01')).toMatchObject({
        registeredHouseholds: 2,
        registeredPeople: 4,
        remainingHouseholds: 1,
        remainingPeople: 3,
        exitedHouseholds: 1,
        exitedPeople: 1,
      });
    });
  });

  describe('edge, monitoring and risk elimination by date', () => {
    it('counts H3 as an edge household while flagged', async () => {
      expect(await stats('2019-01-31')).toMatchObject({ edgeHouseholds: 0, edgePeople: 0 });
      expect(await stats('2019-12-31')).toMatchObject({
        edgeHouseholds: 1,
        edgePeople: 2,
        monitoredHouseholds: 0,
      });
      expect(await stats('2020-07-31')).toMatchObject({ edgeHouseholds: 1, edgePeople: 2 });
      expect(await stats('2020-08-01')).toMatchObject({ edgeHouseholds: 0, edgePeople: 0 });
    });

    it('counts monitored households by category', async () => {
      const s = await stats('2020-12-31');
      expect(s).toMatchObject({
        monitoredHouseholds: 3,
        monitoredPeople: 7,
        riskEliminatedHouseholds: 0,
      });
      expect(s.monitoredByCategory).toEqual([
        { category: 'UNSTABLE_EXITED', label: '脱贫不稳定户', households: 1, people: 1 },
        { category: 'EDGE_PRONE', label: '边缘易致贫户', households: 1, people: 2 },
        { category: 'SUDDEN_HARDSHIP', label: '突发严重困难户', households: 1, people: 4 },
      ]);
      const early = await stats('2020-04-30');
      expect(early).toMatchObject({ monitoredHouseholds: 1, monitoredPeople: 1 });
      expect(early.monitoredByCategory).toEqual([
        { category: 'UNSTABLE_EXITED', label: '脱贫不稳定户', households: 1, people: 1 },
      ]);
    });

    it('moves an eliminated household out of monitoring, and back in when reopened', async () => {
      expect(await stats('2021-03-14')).toMatchObject({
        monitoredHouseholds: 3,
        riskEliminatedHouseholds: 0,
      });
      expect(await stats('2021-03-31')).toMatchObject({
        monitoredHouseholds: 2,
        monitoredPeople: 5,
        riskEliminatedHouseholds: 1,
        riskEliminatedPeople: 2,
      });
      const reopened = await stats('2022-01-10');
      expect(reopened).toMatchObject({
        riskEliminatedHouseholds: 0,
        riskEliminatedPeople: 0,
        monitoredHouseholds: 3,
      });
      expect(reopened.monitoredByCategory.find((c) => c.category === 'EDGE_PRONE')).toMatchObject({
        households: 1,
        people: 2,
      });
    });

    it('drops a deregistered monitored household from its deregistration date', async () => {
      expect(await stats('2022-04-30')).toMatchObject({
        monitoredHouseholds: 3,
        monitoredPeople: 7,
      });
      const s = await stats('2022-06-30');
      expect(s).toMatchObject({ monitoredHouseholds: 2, monitoredPeople: 3 });
      expect(s.monitoredByCategory.map((c) => c.category)).toEqual([
        'UNSTABLE_EXITED',
        'EDGE_PRONE',
      ]);
    });
  });

  describe('assistance in the calendar year of asOf', () => {
    it('sums fen exactly beyond 2^31 and lists categories in vocabulary order', async () => {
      const s = await stats('2020-12-31');
      expect(s.assistance).toEqual([
        {
          category: 'INDUSTRY',
          label: '产业帮扶',
          amount: 3_001_234_567n,
          peopleReached: 7,
          households: 2,
        },
        {
          category: 'EDUCATION',
          label: '教育帮扶',
          amount: 350_050n,
          peopleReached: 3,
          households: 2,
        },
      ]);
      expect(s.assistance[0]!.amount > 2n ** 31n).toBe(true);
      expect(formatYuan(s.assistance[0]!.amount)).toBe('30012345.67');
    });

    it('counts from January 1 up to and including asOf only', async () => {
      const s = await stats('2020-06-30');
      expect(s.assistance).toEqual([
        {
          category: 'INDUSTRY',
          label: '产业帮扶',
          amount: 1_501_234_567n,
          peopleReached: 4,
          households: 2,
        },
        {
          category: 'EDUCATION',
          label: '教育帮扶',
          amount: 250_050n,
          peopleReached: 1,
          households: 1,
        },
      ]);
      expect((await stats('2019-12-31')).assistance).toEqual([
        {
          category: 'INDUSTRY',
          label: '产业帮扶',
          amount: 123_457n,
          peopleReached: 3,
          households: 1,
        },
      ]);
      expect((await stats('2021-06-30')).assistance).toEqual([
        { category: 'HEALTH', label: '健康帮扶', amount: 99n, peopleReached: 1, households: 1 },
      ]);
      expect((await stats('2018-12-31')).assistance).toEqual([]);
    });
  });

  describe('visits and problems', () => {
    it('counts the year up to asOf, and open/overdue as they stood at asOf', async () => {
      expect(await stats('2019-12-31')).toMatchObject({
        visits: 1,
        problemsFound: 1,
        problemsRectified: 0,
        problemsOpen: 1,
        problemsOverdue: 1,
      });
      expect(await stats('2020-04-15')).toMatchObject({
        visits: 1,
        problemsFound: 2,
        problemsRectified: 1,
        problemsOpen: 2,
        problemsOverdue: 1,
      });
      expect(await stats('2020-06-30')).toMatchObject({
        visits: 1,
        problemsFound: 2,
        problemsRectified: 2,
        problemsOpen: 1,
        problemsOverdue: 0,
      });
      expect(await stats('2020-12-31')).toMatchObject({
        visits: 2,
        problemsFound: 2,
        problemsRectified: 2,
        problemsOpen: 1,
        problemsOverdue: 0,
      });
      expect(await stats('2021-02-01')).toMatchObject({
        visits: 1,
        problemsFound: 1,
        problemsRectified: 0,
        problemsOpen: 2,
        problemsOverdue: 2,
      });
    });
  });

  describe('area prefix', () => {
    it('restricts every figure to the township or village', async () => {
      const townshipA = await stats('2020-12-31', '431023100');
      expect(townshipA).toMatchObject({
        areaCode: '431023100',
        registeredHouseholds: 3,
        registeredPeople: 7,
        remainingHouseholds: 2,
        remainingPeople: 6,
        exitedHouseholds: 1,
        monitoredHouseholds: 1,
        monitoredPeople: 1,
        edgeHouseholds: 0,
        visits: 1,
        problemsOpen: 1,
      });
      expect(townshipA.assistance).toEqual([
        {
          category: 'INDUSTRY',
          label: '产业帮扶',
          amount: 3_001_234_567n,
          peopleReached: 7,
          households: 2,
        },
        {
          category: 'EDUCATION',
          label: '教育帮扶',
          amount: 250_050n,
          peopleReached: 1,
          households: 1,
        },
      ]);

      const townshipB = await stats('2020-12-31', '431023101');
      expect(townshipB).toMatchObject({
        registeredHouseholds: 0,
        registeredPeople: 0,
        monitoredHouseholds: 2,
        monitoredPeople: 6,
        visits: 1,
        problemsFound: 0,
        problemsOpen: 0,
      });
      expect(townshipB.assistance).toEqual([
        {
          category: 'EDUCATION',
          label: '教育帮扶',
          amount: 100_000n,
          peopleReached: 2,
          households: 1,
        },
      ]);

      expect(await stats('2020-12-31', A2)).toMatchObject({
        registeredHouseholds: 1,
        registeredPeople: 2,
        remainingHouseholds: 1,
        monitoredHouseholds: 0,
        visits: 0,
      });
      expect(await stats('2019-12-31', B1)).toMatchObject({ edgeHouseholds: 1, edgePeople: 2 });
    });

    it('gives the same figures for the province prefix as for the whole store', async () => {
      const whole = await stats('2020-12-31');
      const province = await stats('2020-12-31', '43');
      expect({ ...province, areaCode: null }).toEqual(whole);
      expect(whole.areaCode).toBeNull();
      expect(await stats('2020-12-31', '44')).toMatchObject({
        registeredHouseholds: 0,
        monitoredHouseholds: 0,
        assistance: [],
      });
    });

    it('refuses an area code that is not 2/4/6/9/12 digits, and a bad date', async () => {
      for (const bad of ['4310231002', '43102310020a', '', '%']) {
        await expect(stats('2020-12-31', bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
      await expect(stats('2020-12-31', '4310231')).rejects.toThrow(InputError);
      await expect(stats('2020-02-30')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
});

describe('statistics: problems of a deregistered household', () => {
  let fx: ReadSideFixture;
  const id = uuidOf(77);

  beforeAll(async () => {
    fx = await openReadSideFixture();
    await fx.record(
      id,
      registered({
        householdId: id,
        areaCode: A2,
        effectiveDate: '2018-01-01',
        members: [member('错评户', 'HEAD', '1970-01-01')],
      }),
      visit('dv', '2020-10-01'),
      problem('dp', 'dv', '2020-10-01', '2020-11-30'),
      {
        type: 'HouseholdDeregistered',
        data: { effectiveDate: '2021-04-01', reason: 'WRONGLY_REGISTERED' },
      },
    );
  });

  afterAll(async () => {
    await fx.close();
  });

  it('counts its unrectified problem as open and overdue until the deregistration date only', async () => {
    const handler = new GetStatisticsHandler(fx.db);
    expect(await handler.execute(new GetStatisticsQuery('2020-12-31'))).toMatchObject({
      visits: 1,
      problemsFound: 1,
      problemsOpen: 1,
      problemsOverdue: 1,
      remainingHouseholds: 1,
    });
    expect(await handler.execute(new GetStatisticsQuery('2021-03-31'))).toMatchObject({
      problemsOpen: 1,
      problemsOverdue: 1,
    });
    expect(await handler.execute(new GetStatisticsQuery('2021-04-01'))).toMatchObject({
      problemsOpen: 0,
      problemsOverdue: 0,
      remainingHouseholds: 0,
    });
  });
});
