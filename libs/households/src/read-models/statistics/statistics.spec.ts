import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatYuan } from '../../domain/index.js';
import { InputError } from '../../shared/input-error.js';
import { openReadSideFixture, type ReadSideFixture } from '../testing/fixture.js';
import { ev, ids, member } from '../testing/projection-harness.js';
import { GetStatisticsHandler, GetStatisticsQuery } from './statistics.query.js';
import type { Statistics } from './statistics.types.js';

const A1 = '431023100201'; // township 431023100
const A2 = '431023100202'; // township 431023100
const B1 = '431023101201'; // township 431023101

const H1 = ids.household(1);
const H2 = ids.household(2);
const H3 = ids.household(3);
const H4 = ids.household(4);
const H5 = ids.household(5);

/** Figures that come as households and people: `{ registered: [3, 6] }`. */
const PAIRS = ['registered', 'exited', 'remaining', 'edge', 'monitored', 'riskEliminated'] as const;
type Figures = Partial<Record<(typeof PAIRS)[number], [households: number, people: number]>> & {
  problems?: [found: number, rectified: number, open: number, overdue: number];
} & Partial<Statistics>;

/**
 * The Statistics fields that figures stand for: `{ registered: [3, 6] }` is registeredHouseholds 3
 * and registeredPeople 6 (likewise for every pair in PAIRS); `{ problems: [2, 1, 2, 1] }` is
 * problemsFound 2, problemsRectified 1, problemsOpen 2 and problemsOverdue 1; any other field is
 * taken as it is.
 */
function expanded({ problems, ...figures }: Figures): Partial<Statistics> {
  const fields: Record<string, unknown> = { ...figures };
  for (const pair of PAIRS) {
    const value = figures[pair];
    if (value === undefined) continue;
    delete fields[pair];
    [fields[`${pair}Households`], fields[`${pair}People`]] = value;
  }
  if (problems) {
    const [problemsFound, problemsRectified, problemsOpen, problemsOverdue] = problems;
    Object.assign(fields, { problemsFound, problemsRectified, problemsOpen, problemsOverdue });
  }
  return fields as Partial<Statistics>;
}

/** One line of the assistance figures. */
const assisted = (
  category: string,
  label: string,
  amount: bigint,
  peopleReached: number,
  households: number,
) => ({ category, label, amount, peopleReached, households });
const INDUSTRY = ['INDUSTRY', '产业帮扶'] as const;
const EDUCATION = ['EDUCATION', '教育帮扶'] as const;

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
  /** Expects the statistics as of `asOf` (within `areaCode`) to contain the figures. */
  const expectAsOf = async (asOf: string, figures: Figures, areaCode?: string) => {
    expect(await stats(asOf, areaCode)).toMatchObject(expanded(figures));
  };

  beforeAll(async () => {
    fx = await openReadSideFixture();
    handler = new GetStatisticsHandler(fx.db);

    const spouse = member('李秀英', 'SPOUSE', '1972-04-04', 'FEMALE');
    await fx.append(H1, [
      ev.registered({
        householdId: H1,
        areaCode: A1,
        effectiveDate: '2016-03-01',
        members: [
          member('王建国', 'HEAD', '1970-01-01'),
          spouse,
          member('王小明', 'CHILD', '2000-09-09'),
        ],
      }),
      ev.income(2019, 420_000, '2019-06-01'),
      ev.exited('2019-06-30'),
      ev.visit('v1', '2019-11-01'),
      ev.problem('p3', 'v1', '2019-11-01', '2019-12-15'),
      ev.assistance('a3', 'INDUSTRY', 123_457, '2019-12-31', 3),
      ev.assistance('a1', 'INDUSTRY', 1_500_000_000, '2020-01-01', 3, '产业奖补'),
      ev.rectified('p3', '2020-01-10'),
      ev.visit('v2', '2020-02-01', { purpose: 'REVIEW' }),
      ev.problem('p1', 'v2', '2020-02-01', '2020-03-31'),
      ev.problem('p2', 'v2', '2020-02-01', '2020-12-31'),
      ev.returned('2020-03-01', '因病返贫'),
      ev.rectified('p1', '2020-05-01'),
      ev.memberAdded(member('王小红', 'CHILD', '2020-05-10', 'FEMALE'), 'BIRTH', '2020-05-10'),
      ev.assistance('a4', 'EDUCATION', 250_050, '2020-06-30', 1),
      ev.assistance('a2', 'INDUSTRY', 1_500_000_000, '2020-12-31', 3),
      ev.memberRemoved(spouse.idNumber, 'DEATH', '2021-02-01'),
    ]);
    await fx.append(H2, [
      ev.registered({
        householdId: H2,
        areaCode: A2,
        effectiveDate: '2017-05-01',
        members: [member('张三', 'HEAD', '1965-02-02'), member('张四', 'CHILD', '1995-03-03')],
      }),
      ev.deregistered('2021-04-01', 'WRONGLY_REGISTERED'),
    ]);
    await fx.append(H3, [
      ev.registered({
        householdId: H3,
        areaCode: B1,
        effectiveDate: '2019-01-10',
        registeredPoor: false,
        members: [
          member('刘一', 'HEAD', '1980-05-05'),
          member('刘二', 'SPOUSE', '1982-06-06', 'FEMALE'),
        ],
      }),
      ev.edgeFlagged('2019-02-01', '收入略高于贫困线'),
      ev.assistance('a7', 'EDUCATION', 100_000, '2020-07-01', 2),
      ev.visit('v3', '2020-07-01'),
      ev.edgeCleared('2020-08-01'),
      ev.monitoringStarted('EDGE_PRONE', '2020-08-01', ['ILLNESS']),
      ev.income(2020, 600_000, '2021-01-20'),
      ev.riskEliminated('2021-03-15'),
      ev.monitoringReopened('2022-01-10', '再次失业'),
    ]);
    await fx.append(H4, [
      ev.registered({
        householdId: H4,
        areaCode: A1,
        effectiveDate: '2014-06-01',
        members: [member('赵老汉', 'HEAD', '1940-07-07')],
      }),
      ev.exited('2016-12-20'),
      ev.monitoringStarted('UNSTABLE_EXITED', '2020-02-01', ['LACK_OF_LABOUR']),
      ev.assistance('a5', 'INDUSTRY', 1_234_567, '2020-03-15', 1),
      ev.assistance('a6', 'HEALTH', 99, '2021-01-01', 1),
      ev.visit('v4', '2021-01-05'),
      ev.problem('p4', 'v4', '2021-01-05', '2021-01-31'),
    ]);
    await fx.append(H5, [
      ev.registered({
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
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2020-09-01', ['DISASTER']),
      ev.deregistered('2022-05-01', 'HOUSEHOLD_GONE'),
    ]);
    await fx.catchUp();
  });

  afterAll(async () => {
    await fx.close();
  });

  describe('registered, exited and remaining households by effective date', () => {
    it('counts nothing the day before the first registration, and H4 alone from its registration day', async () => {
      await expectAsOf('2014-05-31', { registered: [0, 0], exited: [0, 0], remaining: [0, 0] });
      await expectAsOf('2014-06-01', { registered: [1, 1], exited: [0, 0], remaining: [1, 1] });
      await expectAsOf('2015-12-31', {
        registered: [1, 1],
        remainingHouseholds: 1,
        exitedHouseholds: 0,
      });
    });

    it('shows H1 still poor the day before its exit', async () => {
      await expectAsOf('2019-06-29', { registered: [3, 6], exited: [1, 1], remaining: [2, 5] });
    });

    it('shows H1 exited at the end of 2019 although it returned to poverty later', async () => {
      await expectAsOf('2019-12-31', { registered: [3, 6], exited: [2, 4], remaining: [1, 2] });
    });

    it('shows H1 remaining after its return, and counts the 2020-05-10 birth only from that date', async () => {
      await expectAsOf('2020-04-30', { exited: [1, 1], remaining: [2, 5] });
      await expectAsOf('2020-05-10', { remaining: [2, 6] });
      await expectAsOf('2020-06-30', { registered: [3, 7], remaining: [2, 6] });
    });

    it('drops the removed member from the removal date', async () => {
      await expectAsOf('2021-01-31', { remainingPeople: 6 });
      await expectAsOf('2021-02-01', { remainingPeople: 5 });
    });

    it('drops a deregistered household and its people from the deregistration date', async () => {
      await expectAsOf('2021-03-31', { registered: [3, 6], remaining: [2, 5] });
      await expectAsOf('2021-04-01', { registered: [2, 4], remaining: [1, 3], exited: [1, 1] });
    });
  });

  describe('edge, monitoring and risk elimination by date', () => {
    it('counts H3 as an edge household while flagged', async () => {
      await expectAsOf('2019-01-31', { edge: [0, 0] });
      await expectAsOf('2019-12-31', { edge: [1, 2], monitoredHouseholds: 0 });
      await expectAsOf('2020-07-31', { edge: [1, 2] });
      await expectAsOf('2020-08-01', { edge: [0, 0] });
    });

    it('counts monitored households by category', async () => {
      const s = await stats('2020-12-31');
      expect(s).toMatchObject(expanded({ monitored: [3, 7], riskEliminatedHouseholds: 0 }));
      expect(s.monitoredByCategory).toEqual([
        { category: 'UNSTABLE_EXITED', label: '脱贫不稳定户', households: 1, people: 1 },
        { category: 'EDGE_PRONE', label: '边缘易致贫户', households: 1, people: 2 },
        { category: 'SUDDEN_HARDSHIP', label: '突发严重困难户', households: 1, people: 4 },
      ]);
      const early = await stats('2020-04-30');
      expect(early).toMatchObject(expanded({ monitored: [1, 1] }));
      expect(early.monitoredByCategory).toEqual([
        { category: 'UNSTABLE_EXITED', label: '脱贫不稳定户', households: 1, people: 1 },
      ]);
    });

    it('moves an eliminated household out of monitoring, and back in when reopened', async () => {
      await expectAsOf('2021-03-14', { monitoredHouseholds: 3, riskEliminatedHouseholds: 0 });
      await expectAsOf('2021-03-31', { monitored: [2, 5], riskEliminated: [1, 2] });
      const reopened = await stats('2022-01-10');
      expect(reopened).toMatchObject(expanded({ riskEliminated: [0, 0], monitoredHouseholds: 3 }));
      expect(reopened.monitoredByCategory.find((c) => c.category === 'EDGE_PRONE')).toMatchObject({
        households: 1,
        people: 2,
      });
    });

    it('drops a deregistered monitored household from its deregistration date', async () => {
      await expectAsOf('2022-04-30', { monitored: [3, 7] });
      const s = await stats('2022-06-30');
      expect(s).toMatchObject(expanded({ monitored: [2, 3] }));
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
        assisted(...INDUSTRY, 3_001_234_567n, 7, 2),
        assisted(...EDUCATION, 350_050n, 3, 2),
      ]);
      expect(s.assistance[0]!.amount > 2n ** 31n).toBe(true);
      expect(formatYuan(s.assistance[0]!.amount)).toBe('30012345.67');
    });

    it('counts from January 1 up to and including asOf only', async () => {
      const s = await stats('2020-06-30');
      expect(s.assistance).toEqual([
        assisted(...INDUSTRY, 1_501_234_567n, 4, 2),
        assisted(...EDUCATION, 250_050n, 1, 1),
      ]);
      expect((await stats('2019-12-31')).assistance).toEqual([
        assisted(...INDUSTRY, 123_457n, 3, 1),
      ]);
      expect((await stats('2021-06-30')).assistance).toEqual([
        assisted('HEALTH', '健康帮扶', 99n, 1, 1),
      ]);
      expect((await stats('2018-12-31')).assistance).toEqual([]);
    });
  });

  describe('visits and problems', () => {
    it('counts the year up to asOf, and open/overdue as they stood at asOf', async () => {
      await expectAsOf('2019-12-31', { visits: 1, problems: [1, 0, 1, 1] });
      await expectAsOf('2020-04-15', { visits: 1, problems: [2, 1, 2, 1] });
      await expectAsOf('2020-06-30', { visits: 1, problems: [2, 2, 1, 0] });
      await expectAsOf('2020-12-31', { visits: 2, problems: [2, 2, 1, 0] });
      await expectAsOf('2021-02-01', { visits: 1, problems: [1, 0, 2, 2] });
    });
  });

  describe('area prefix', () => {
    it('restricts every figure to the township or village', async () => {
      const townshipA = await stats('2020-12-31', '431023100');
      expect(townshipA).toMatchObject(
        expanded({
          areaCode: '431023100',
          registered: [3, 7],
          remaining: [2, 6],
          exitedHouseholds: 1,
          monitored: [1, 1],
          edgeHouseholds: 0,
          visits: 1,
          problemsOpen: 1,
        }),
      );
      expect(townshipA.assistance).toEqual([
        assisted(...INDUSTRY, 3_001_234_567n, 7, 2),
        assisted(...EDUCATION, 250_050n, 1, 1),
      ]);

      const townshipB = await stats('2020-12-31', '431023101');
      expect(townshipB).toMatchObject(
        expanded({
          registered: [0, 0],
          monitored: [2, 6],
          visits: 1,
          problemsFound: 0,
          problemsOpen: 0,
        }),
      );
      expect(townshipB.assistance).toEqual([assisted(...EDUCATION, 100_000n, 2, 1)]);

      await expectAsOf(
        '2020-12-31',
        { registered: [1, 2], remainingHouseholds: 1, monitoredHouseholds: 0, visits: 0 },
        A2,
      );
      await expectAsOf('2019-12-31', { edge: [1, 2] }, B1);
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

    it('refuses an area code that is not a prefix of 1 to 12 digits, and a bad date', async () => {
      for (const bad of ['4310231002013', '43102310020a', '', '%']) {
        await expect(stats('2020-12-31', bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
      await expect(stats('2020-12-31', '4310231x')).rejects.toThrow(InputError);
      await expect(stats('2020-02-30')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
});

describe('statistics: problems of a deregistered household', () => {
  let fx: ReadSideFixture;
  const id = ids.household(77);

  beforeAll(async () => {
    fx = await openReadSideFixture();
    await fx.record(
      id,
      ev.registered({
        householdId: id,
        areaCode: A2,
        effectiveDate: '2018-01-01',
        members: [member('错评户', 'HEAD', '1970-01-01')],
      }),
      ev.visit('dv', '2020-10-01'),
      ev.problem('dp', 'dv', '2020-10-01', '2020-11-30'),
      ev.deregistered('2021-04-01', 'WRONGLY_REGISTERED'),
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
