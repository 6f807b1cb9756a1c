import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cli } from '../../apps/cli/src/cli.spec-helpers.js';
import type { YearEndReport } from '#app/households';
import { planDemoCounty, seedDemoCounty } from '#app/demo-county';
import { DemoApp } from '../../libs/demo-county/src/testing/demo-app.js';

/**
 * The demo county at full size, generated through the command bus into a real SQLite store, then
 * read back through yearEndReport: the reference county's 2020 figures (../shared/docs/DOMAIN.md
 * and section 六(四) of the reference), exactly. Then the backup path: export-events, import into
 * an empty store, replay the read models, and the same report. Run by `npm run test:demo`.
 */
describe('demo county at full size', () => {
  let demo: DemoApp;
  let report: YearEndReport;

  beforeAll(async () => {
    demo = await DemoApp.start();
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const plan = planDemoCounty();
    const planned = Number(process.hrtime.bigint() - started) / 1e9;
    const { commands, households } = await seedDemoCounty(demo.commandBus, { plan });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { user, system } = process.cpuUsage(cpu);
    const events = await demo.eventCount();
    console.log(
      `demo county: ${households} households, ${commands} commands, ${events} events in ` +
        `${seconds.toFixed(1)} s (plan ${planned.toFixed(1)} s; CPU ${((user + system) / 1e6).toFixed(1)} s): ` +
        `${Math.round(commands / seconds)} commands/s, ${Math.round(events / seconds)} events/s`,
    );
    report = await demo.report(2020);
  }, 900_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('registered 9619 households / 29001 people after dynamic adjustment, all exited in 2020', () => {
    expect(report.stock).toMatchObject({
      registeredHouseholds: 9619,
      registeredPeople: 29001,
      exitedHouseholds: 9619,
      exitedPeople: 29001,
      remainingHouseholds: 0,
      remainingPeople: 0,
    });
    expect(report.startOfYear.remaining).toEqual({ households: 771, people: 1700 });
    expect(report.flows.exited).toEqual({ households: 771, people: 1700 });
    expect(report.flows.deregistered).toEqual([
      expect.objectContaining({ reason: 'WRONGLY_REGISTERED', households: 36 }),
    ]);
  });

  it('has 426 edge households / 1117 people', () => {
    expect([report.stock.edgeHouseholds, report.stock.edgePeople]).toEqual([426, 1117]);
  });

  it('risk-eliminated 262 / 598 unstable exited and 426 / 1117 edge households, none left monitored', () => {
    expect(report.stock.monitoredHouseholds).toBe(0);
    const eliminated = Object.fromEntries(
      report.flows.riskEliminated.map((c) => [c.category, [c.households, c.people]]),
    );
    expect(eliminated).toEqual({ UNSTABLE_EXITED: [262, 598], EDGE_PRONE: [426, 1117] });
    expect(report.monitoringLineFen).toBe(500_000);
  });

  it('reproduces the 2020 assistance figures to the fen', () => {
    const by = Object.fromEntries(report.assistance.map((a) => [a.category, a]));
    expect(Object.keys(by)).toHaveLength(12);
    expect(by.INDUSTRY).toMatchObject({
      amountWanYuan: '3214.63',
      amount: 3_214_630_000n,
      peopleReached: 29060,
    });
    expect(by.EMPLOYMENT).toMatchObject({
      amountWanYuan: '401.09',
      amount: 401_090_000n,
      peopleReached: 11415,
    });
    expect(by.MICRO_CREDIT).toMatchObject({ amountWanYuan: '5253.34', amount: 5_253_340_000n });
    expect(by.EDUCATION).toMatchObject({
      amountWanYuan: '1235.27',
      amount: 1_235_270_000n,
      peopleReached: 25910,
    });
    expect(by.HEALTH).toMatchObject({
      amountWanYuan: '5788.78',
      amount: 5_788_780_000n,
      peopleReached: 10700,
    });
    expect(by.BOTTOM_LINE_SECURITY).toMatchObject({
      amountWanYuan: '2735.92',
      amount: 2_735_920_000n,
      households: 3520,
      peopleReached: 7900,
    });
    expect(by.DISABILITY_SUBSIDY).toMatchObject({ amountWanYuan: '835.66', amount: 835_660_000n });
    expect(by.HOUSING_RENOVATION).toMatchObject({ households: 281 });
  });

  it('reviewed 9655 registered-poor and 5972 non-registered households; 1210 problems, all rectified by June', () => {
    expect(report.review).toEqual({
      registeredHouseholds: 9655,
      nonRegisteredHouseholds: 5972,
      problemsFound: 1210,
      problemsRectified: 1210,
      allRectifiedBy: expect.stringMatching(/^2020-0[1-6]-/),
    });
    expect(report.problems.open).toBe(0);
  });

  it('breaks the county down into its 16 townships, adding up to the county', () => {
    expect(report.townships).toHaveLength(16);
    expect(report.townships.every((t) => t.areaCode.startsWith('431023'))).toBe(true);
    const people = report.townships.reduce((n, t) => n + t.registered.people, 0);
    expect(people).toBe(29001);
  });

  it('tells it in the reference report’s words, every number computed', () => {
    expect(report.text).toContain('动态调整后全县贫困人口为9619户29001人');
    expect(report.text).toContain('边缘户为426户1117人');
    expect(report.text).toContain('对年初剩余未脱贫771户1700人开展精准帮扶');
    expect(report.text).toContain(
      '共调查建档立卡贫困户9655户，非建档立卡困难户5972户，排查出1210个问题',
    );
    expect(report.text).toContain(
      '全县262户598人脱贫不稳定户和426户1117人边缘易致贫户家庭人均收入均达到监测线以上，返贫致贫风险全部消除，并按相关程序全部退出监测',
    );
    expect(report.text).toContain('兜底保障2735.92万元（3520户、7900人次）');
  });

  it('round-trips through export-events and import-events: the restored county reports the same', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-demo-backup-'));
    try {
      const file = join(root, 'backup.jsonl');
      const exported = await cli(['export-events', '--data-dir', demo.dataDir, '--out', file]);
      expect(exported.code).toBe(0);
      const restoredDir = join(root, 'restored');
      const imported = await cli(['import-events', '--data-dir', restoredDir, '--in', file]);
      expect(imported.code).toBe(0);

      const restored = await DemoApp.start(restoredDir);
      try {
        expect(await restored.eventCount()).toBe(await demo.eventCount());
        await restored.caughtUp();
        const again = await restored.report(2020);
        const { generatedAt: _a, ...before } = report;
        const { generatedAt: _b, ...after } = again;
        expect(after).toEqual(before);
        expect(await restored.statistics('2016-06-30')).toEqual(
          await demo.statistics('2016-06-30'),
        );
      } finally {
        await restored.stop();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
