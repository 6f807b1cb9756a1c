import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import type { HouseholdEvent } from '../../domain/index.js';
import { loadPolicyFile } from '../../infrastructure/policy-file.js';
import { InputError } from '../../shared/input-error.js';
import { fixedClock, openReadSideFixture, type ReadSideFixture } from '../testing/fixture.js';
import { ev, ids, member } from '../testing/projection-harness.js';
import { GetYearEndReportHandler, GetYearEndReportQuery } from './year-end-report.query.js';

const policy = loadPolicyFile(resolve('config/policy.json'));
const areas = {
  nameOf: (code: string) =>
    ({ '431023': '永兴县', '431023100': '便江街道', '431023101': '马田镇' })[code],
};

const T1 = '431023100';
const T2 = '431023101';
const A1 = `${T1}201`;
const B1 = `${T2}201`;
const H = [0, 1, 2, 3, 4, 5, 6].map((n) => ids.household(n));
const spouse = member('李秀英', 'SPOUSE', '1972-04-04', 'FEMALE');

/** The log when the 2020 report was first published (mid-January 2021). */
const PUBLISHED: [string, HouseholdEvent[]][] = [
  [
    H[1]!,
    [
      ev.registered({
        householdId: H[1]!,
        areaCode: A1,
        effectiveDate: '2016-03-01',
        members: [member('王建国', 'HEAD', '1970-01-01'), spouse],
      }),
      ev.income(2020, 520_000, '2020-03-01'),
      ev.visit('v1', '2020-02-01', { purpose: 'REVIEW' }),
      ev.problem('p1', 'v1', '2020-02-01', '2020-06-30', '饮水不安全'),
      ev.rectified('p1', '2020-06-20'),
      ev.assistance('a1', 'INDUSTRY', 32_146_300, '2020-04-01', 2),
      ev.exited('2020-11-20'),
    ],
  ],
  [
    H[2]!,
    [
      ev.registered({
        householdId: H[2]!,
        areaCode: B1,
        effectiveDate: '2019-01-10',
        registeredPoor: false,
        members: [member('刘一', 'HEAD', '1980-05-05'), member('刘二', 'CHILD', '2005-05-05')],
      }),
      ev.edgeFlagged('2019-02-01', '收入略高于贫困线'),
      ev.visit('v2', '2020-03-01', { purpose: 'REVIEW' }),
      ev.problem('p2', 'v2', '2020-03-01', '2020-05-31', '住房不安全'),
      ev.rectified('p2', '2020-06-10'),
      ev.monitoringStarted('EDGE_PRONE', '2020-01-15', ['ILLNESS']),
      ev.assistance('a2', 'EDUCATION', 300_000, '2020-03-01', 1),
      ev.income(2020, 600_000, '2020-07-20'),
      ev.riskEliminated('2020-08-01'),
    ],
  ],
  [
    H[3]!,
    [
      ev.registered({
        householdId: H[3]!,
        areaCode: A1,
        effectiveDate: '2015-06-01',
        members: [member('赵老汉', 'HEAD', '1940-07-07')],
      }),
      ev.exited('2018-12-20'),
      ev.visit('v3', '2020-04-01', { purpose: 'REVIEW' }),
      ev.deregistered('2020-07-01', 'WRONGLY_REGISTERED'),
    ],
  ],
  [
    H[4]!,
    [
      ev.registered({
        householdId: H[4]!,
        areaCode: B1,
        effectiveDate: '2020-05-01',
        identifiedYear: 2020,
        members: [member('陈一', 'HEAD', '1975-01-01'), member('陈二', 'CHILD', '2001-01-01')],
      }),
      ev.visit('v4', '2020-06-01'),
    ],
  ],
];

/** Recorded later, dated in 2020: H4's exit on 20 December, a late visit, a deregistration. */
const CORRECTIONS: [string, HouseholdEvent[]][] = [
  [
    H[4]!,
    [
      ev.income(2020, 450_000, '2020-12-01'),
      ev.exited('2020-12-20'),
      ev.assistance('a3', 'BOTTOM_LINE_SECURITY', 1_000_000, '2020-12-10', 2),
    ],
  ],
  [H[1]!, [ev.visit('v5', '2020-12-28', { purpose: 'VERIFICATION' })]],
];

async function fixtureWith(...parts: [string, HouseholdEvent[]][][]): Promise<ReadSideFixture> {
  const fx = await openReadSideFixture();
  for (const part of parts) for (const [id, events] of part) await fx.append(id, events);
  await fx.catchUp();
  return fx;
}

describe('yearEndReport', () => {
  let published: ReadSideFixture;
  let full: ReadSideFixture;
  let knownAt: number;
  const handlerOn = (fx: ReadSideFixture) =>
    new GetYearEndReportHandler(fx.db, fixedClock, policy, areas);

  beforeAll(async () => {
    published = await fixtureWith(PUBLISHED);
    full = await fixtureWith(PUBLISHED, CORRECTIONS);
    knownAt = published.runner.position;
  });

  afterAll(async () => {
    await published?.close();
    await full?.close();
  });

  it('computes the stock, the flows, the review campaign and the problems of the year', async () => {
    const r = await handlerOn(published).execute(new GetYearEndReportQuery(2020));
    expect(r.asOf).toBe('2020-12-31');
    expect(r.position).toBe(knownAt);
    expect(r.stock).toMatchObject({
      registeredHouseholds: 2, // H1 exited, H4 poor; H3 deregistered
      registeredPeople: 4,
      exitedHouseholds: 1,
      remainingHouseholds: 1,
      edgeHouseholds: 1,
      edgePeople: 2,
      riskEliminatedHouseholds: 1,
    });
    expect(r.startOfYear.remaining).toEqual({ households: 1, people: 2 });
    expect(r.startOfYear.registered).toEqual({ households: 2, people: 3 });
    expect(r.flows.exited).toEqual({ households: 1, people: 2 });
    expect(r.flows.identified).toEqual({ households: 1, people: 2 });
    // Counted with the members it had on the day it was deregistered.
    expect(r.flows.deregistered).toEqual([
      { reason: 'WRONGLY_REGISTERED', label: '错评', households: 1, people: 1 },
    ]);
    expect(r.flows.monitoringStarted).toEqual([
      { category: 'EDGE_PRONE', label: '边缘易致贫户', households: 1, people: 2 },
    ]);
    expect(r.flows.riskEliminated).toEqual([
      { category: 'EDGE_PRONE', label: '边缘易致贫户', households: 1, people: 2 },
    ]);
    expect(r.review).toEqual({
      registeredHouseholds: 2, // H1 (poor then) and H3 (exited, not yet deregistered)
      nonRegisteredHouseholds: 1,
      problemsFound: 2,
      problemsRectified: 2,
      allRectifiedBy: '2020-06-20',
    });
    expect(r.problems).toEqual({
      found: 2,
      rectified: 2,
      rectifiedByDeadline: 1, // p2 was rectified after its deadline
      open: 0,
      overdue: 0,
    });
    expect(r.visits.total).toBe(4);
    expect(r.visits.byPurpose.map((v) => [v.purpose, v.visits])).toEqual([
      ['ROUTINE', 1],
      ['REVIEW', 3],
    ]);
    expect(r.assistance.find((a) => a.category === 'INDUSTRY')).toMatchObject({
      amount: 32_146_300n,
      amountWanYuan: '32.15',
      households: 1,
      peopleReached: 2,
    });
    expect(r.monitoringLineFen).toBe(500_000);
    expect(r.restatement).toBeNull();
  });

  it('breaks the figures down by township, with names from the area registry', async () => {
    const r = await handlerOn(published).execute(new GetYearEndReportQuery(2020));
    expect(r.townships.map((t) => [t.areaCode, t.name])).toEqual([
      [T1, '便江街道'],
      [T2, '马田镇'],
    ]);
    const [t1, t2] = r.townships;
    expect(t1).toMatchObject({
      registered: { households: 1, people: 2 },
      exited: { households: 1, people: 2 },
      exitedInYear: { households: 1, people: 2 },
      assistanceAmountWanYuan: '32.15',
      visits: 2,
      problemsFound: 1,
    });
    expect(t2).toMatchObject({
      registered: { households: 1, people: 2 },
      remaining: { households: 1, people: 2 },
      edge: { households: 1, people: 2 },
      riskEliminatedHouseholds: 1,
      visits: 2,
    });
    // The township lines add up to the county's stock.
    const sum = (pick: (t: (typeof r.townships)[number]) => number) =>
      r.townships.reduce((n, t) => n + pick(t), 0);
    expect(sum((t) => t.registered.people)).toBe(r.stock.registeredPeople);
    expect(sum((t) => t.visits)).toBe(r.visits.total);
  });

  it('restricts every figure to an area prefix', async () => {
    const r = await handlerOn(published).execute(new GetYearEndReportQuery(2020, T2));
    expect(r.areaName).toBe('马田镇');
    expect(r.stock.registeredHouseholds).toBe(1);
    expect(r.review).toMatchObject({ registeredHouseholds: 0, nonRegisteredHouseholds: 1 });
    expect(r.townships.map((t) => t.areaCode)).toEqual([T2]);
    expect(r.text).toContain('截至2020年12月31日，动态调整后马田镇贫困人口为1户2人');
  });

  it('writes the narrative from the computed figures', async () => {
    const r = await handlerOn(published).execute(new GetYearEndReportQuery(2020));
    expect(r.text).toContain(
      '截至2020年12月31日，动态调整后全县贫困人口为2户4人，其中已脱贫1户2人、剩余未脱贫1户2人；边缘户为1户2人。',
    );
    expect(r.text).toContain('对年初剩余未脱贫1户2人开展精准帮扶，全年脱贫退出1户2人');
    expect(r.text).toContain('新识别贫困户1户2人');
    expect(r.text).toContain('销户1户1人（错评1户1人）');
    expect(r.text).toContain(
      '共调查建档立卡贫困户2户，非建档立卡困难户1户，排查出2个问题，于6月底前全面整改到位',
    );
    expect(r.text).toContain(
      '全县1户2人边缘易致贫户家庭人均收入均达到监测线以上，返贫致贫风险全部消除，并按相关程序全部退出监测',
    );
    expect(r.text).toContain('产业帮扶32.15万元（1户、2人次）');
    expect(r.text).toContain(`全局日志位置${knownAt}`);
  });

  it('regenerated at knownAt equals the report as published, and lists the restatement', async () => {
    const asPublished = await handlerOn(published).execute(new GetYearEndReportQuery(2020));
    const regenerated = await handlerOn(full).execute(
      new GetYearEndReportQuery(2020, null, knownAt),
    );
    const { text: textThen, knownAt: k1, restatement: rs1, ...then } = asPublished;
    const { text: textAgain, knownAt: k2, restatement, ...again } = regenerated;
    expect(again).toEqual(then);
    expect(k1).toBeNull();
    expect(k2).toBe(knownAt);
    expect(rs1).toBeNull();
    // Same narrative but for the closing line that says how it was generated.
    const body = (text: string) => text.split('\n').slice(0, -1).join('\n');
    expect(body(textAgain)).toBe(body(textThen));

    const now = await handlerOn(full).execute(new GetYearEndReportQuery(2020));
    expect(now.stock.remainingHouseholds).toBe(0);
    expect(now.text).toContain('已全部脱贫');
    const changed = new Map(restatement!.map((r) => [r.figure, r]));
    expect(changed.get('stock.exitedHouseholds')).toMatchObject({
      label: '年末存量·已脱贫户数',
      published: '1',
      current: '2',
    });
    expect(changed.get('stock.remainingPeople')).toMatchObject({ published: '2', current: '0' });
    expect(changed.get('flows.exited.people')).toMatchObject({ published: '2', current: '4' });
    expect(changed.get('assistance[BOTTOM_LINE_SECURITY].amount')).toMatchObject({
      label: '帮扶措施·兜底保障·金额（元）',
      published: '0',
      current: '10000.00',
    });
    expect(changed.get(`townships[${T2}].exitedInYear.households`)).toMatchObject({
      published: '0',
      current: '1',
    });
    expect(changed.get('visits.total')).toMatchObject({ published: '4', current: '5' });
    // Nothing that did not change is listed.
    expect(changed.has('stock.registeredHouseholds')).toBe(false);
    expect(changed.has('review.registeredHouseholds')).toBe(false);
  });

  it('refuses a year out of range and a position not yet projected', async () => {
    const handler = handlerOn(full);
    await expect(handler.execute(new GetYearEndReportQuery(1999))).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(
      handler.execute(new GetYearEndReportQuery(2020, null, full.runner.position + 1)),
    ).rejects.toMatchObject({ code: 'KNOWN_AT_AHEAD' });
    await expect(handler.execute(new GetYearEndReportQuery(2020, 'x'))).rejects.toBeInstanceOf(
      InputError,
    );
  });

  it('claims "all eliminated" and "all rectified" only when the figures of the year say so', async () => {
    const fx = await fixtureWith([
      [
        H[5]!,
        [
          ev.registered({
            householdId: H[5]!,
            areaCode: A1,
            effectiveDate: '2019-01-10',
            registeredPoor: false,
            members: [member('孙一', 'HEAD', '1960-01-01')],
          }),
          ev.monitoringStarted('SUDDEN_HARDSHIP', '2021-02-01', ['DISASTER']),
          ev.deregistered('2021-09-01', 'HOUSEHOLD_GONE'),
        ],
      ],
      [
        H[6]!,
        [
          ev.registered({
            householdId: H[6]!,
            areaCode: A1,
            effectiveDate: '2019-01-10',
            registeredPoor: false,
            members: [member('钱一', 'HEAD', '1961-01-01')],
          }),
          ev.monitoringStarted('EDGE_PRONE', '2020-01-15', ['ILLNESS']),
          ev.assistance('a9', 'EDUCATION', 300_000, '2020-03-01', 1),
          ev.income(2020, 600_000, '2020-11-01'),
          ev.riskEliminated('2021-01-20'),
          ev.visit('v9', '2020-11-10', { purpose: 'REVIEW' }),
          ev.problem('p9', 'v9', '2020-11-10', '2021-03-31', '住房不安全'),
          ev.rectified('p9', '2021-03-15'),
        ],
      ],
    ]);
    try {
      const handler = handlerOn(fx);
      const r2021 = await handler.execute(new GetYearEndReportQuery(2021));
      // H6 eliminated, but H5's monitoring ended by deregistration: not "全部消除".
      expect(r2021.flows.monitoringEndedOtherwise).toBe(1);
      expect(r2021.stock.monitoredHouseholds).toBe(0);
      expect(r2021.text).toContain('家庭人均收入均达到监测线以上，返贫致贫风险消除。');
      expect(r2021.text).not.toContain('全部消除');
      expect(r2021.text).toContain('户已消亡1户1人');
      // The rectification of 2021-03-15 was on time and counts in 2021, not in 2020.
      expect(r2021.problems).toMatchObject({ rectified: 1, rectifiedByDeadline: 1 });
      const r2020 = await handler.execute(new GetYearEndReportQuery(2020));
      expect(r2020.review).toMatchObject({
        problemsFound: 1,
        problemsRectified: 0,
        allRectifiedBy: null,
      });
      expect(r2020.text).toContain('排查出1个问题，已整改0个');
      expect(r2020.text).not.toContain('全面整改到位');
    } finally {
      await fx.close();
    }
  });
});
