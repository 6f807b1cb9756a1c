import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { planDemoCounty, type DemoPlan } from './plan.js';
import { seedDemoCounty } from './seed.js';
import { DemoApp, type Statistics } from './testing/demo-app.js';

/**
 * A mini county (3 % of the reference) through the real command path: quick enough for every
 * run, and it reproduces its own scaled targets the way the full county reproduces the reference.
 */
describe('demo county at small scale', () => {
  let demo: DemoApp;
  let plan: DemoPlan;
  let at2019: Statistics;
  let at2020: Statistics;
  let events: number;
  const progress: number[] = [];

  beforeAll(async () => {
    demo = await DemoApp.start();
    plan = planDemoCounty({ scale: 0.03 });
    const result = await seedDemoCounty(demo.commandBus, {
      plan,
      concurrency: 8,
      onProgress: (done, total) => {
        if (done === total || done % 1000 === 0) progress.push(done);
      },
    });
    expect(result).toEqual({ commands: plan.commandCount, households: plan.households.length });
    events = await demo.eventCount();
    at2019 = await demo.statistics('2019-12-31');
    at2020 = await demo.statistics('2020-12-31');
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('reports progress up to the total', () => {
    expect(progress.at(-1)).toBe(plan.commandCount);
    expect(events).toBeGreaterThanOrEqual(plan.commandCount);
  });

  it('reproduces its scaled targets', async () => {
    const t = plan.targets;
    expect([at2019.remainingHouseholds, at2019.remainingPeople]).toEqual([
      t.remainingAtStartOf2020.households,
      t.remainingAtStartOf2020.people,
    ]);
    expect(at2020).toMatchObject({
      registeredHouseholds: t.registered.households,
      registeredPeople: t.registered.people,
      remainingHouseholds: 0,
      edgeHouseholds: t.edge.households,
      edgePeople: t.edge.people,
      monitoredHouseholds: 0,
      problemsFound: t.review.problems,
      problemsRectified: t.review.problems,
      problemsOpen: 0,
    });
    const report = await demo.report(2020);
    expect(
      Object.fromEntries(
        report.flows.riskEliminated.map((c) => [
          c.category,
          { households: c.households, people: c.people },
        ]),
      ),
    ).toEqual({ UNSTABLE_EXITED: t.unstableExited, EDGE_PRONE: t.edge });
    for (const [category, target] of Object.entries(t.assistance)) {
      const figure = at2020.assistance.find((a) => a.category === category);
      expect({ category, amount: figure?.amount }).toEqual({
        category,
        amount: BigInt(target.amountFen),
      });
      if (target.peopleReached !== undefined)
        expect(figure!.peopleReached).toBe(target.peopleReached);
      if (target.households !== undefined) expect(figure!.households).toBe(target.households);
    }
    expect(report.review).toEqual({
      registeredHouseholds: t.review.registeredPoorHouseholds,
      nonRegisteredHouseholds: t.review.nonRegisteredHouseholds,
      problemsFound: t.review.problems,
      problemsRectified: t.review.problems,
      allRectifiedBy: expect.stringMatching(/^2020-0[1-6]-/),
    });
  });

  it('seeding again into the same store appends nothing', async () => {
    await seedDemoCounty(demo.commandBus, { plan });
    expect(await demo.eventCount()).toBe(events);
  }, 60_000);
});
