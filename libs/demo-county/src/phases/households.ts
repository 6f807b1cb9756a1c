import { DEMO_VILLAGES } from '../areas.js';
import type { HouseholdRole } from '../plan.js';
import { demoUuid, type Random } from '../random.js';
import type { Draft, Planner } from './planner.js';

/**
 * Phase 1: the households — how many of each role, their sizes, their order and their villages.
 * Only the skeleton: members and history come in the next phase.
 */
export function createDrafts(planner: Planner): Draft[] {
  const t = planner.targets;
  const r = planner.random.fork('sizes');
  const exited = {
    households:
      t.registered.households - t.remainingAtStartOf2020.households - t.unstableExited.households,
    people: t.registered.people - t.remainingAtStartOf2020.people - t.unstableExited.people,
  };
  const nonPoor = t.review.nonRegisteredHouseholds - t.edge.households;
  const wrong = t.wronglyRegistered.households;
  const groups: [HouseholdRole, number[]][] = [
    [
      'REMAINING',
      partition(r, t.remainingAtStartOf2020.households, t.remainingAtStartOf2020.people),
    ],
    ['UNSTABLE_EXITED', partition(r, t.unstableExited.households, t.unstableExited.people)],
    ['EXITED', partition(r, exited.households, exited.people)],
    ['WRONGLY_REGISTERED', partition(r, wrong, Math.round(wrong * 3.3))],
    ['EDGE', partition(r, t.edge.households, t.edge.people)],
    ['NON_POOR', partition(r, nonPoor, Math.round(nonPoor * 3.4))],
  ];
  const slots = planner.random
    .fork('order')
    .shuffle(groups.flatMap(([role, sizes]) => sizes.map((size) => ({ role, size }))));
  const villages = planner.random.fork('villages');
  const villageWeights = DEMO_VILLAGES.map((v) => [v, villages.int(5, 15)] as const);
  return slots.map(({ role, size }, index) => ({
    index,
    householdId: demoUuid(`demo-county/${planner.seed}/${planner.scale}/household/${index}`),
    role,
    village: villages.weighted(villageWeights),
    size,
    family: '',
    registeredOn: '',
    members: [],
    steps: [],
  }));
}

/**
 * Household sizes (1–8) that add up to `people` exactly, spread around the mean.
 */
export function partition(r: Random, households: number, people: number, max = 8): number[] {
  if (households === 0) {
    if (people !== 0) throw new RangeError(`${people} people cannot live in no household`);
    return [];
  }
  if (people < households || people > households * max) {
    throw new RangeError(`${people} people cannot fill ${households} households of 1–${max}`);
  }
  const mean = people / households;
  const sizes = Array.from({ length: households }, () =>
    Math.min(max, Math.max(1, Math.round(mean + (r.next() + r.next() + r.next() - 1.5) * 1.6))),
  );
  let diff = people - sizes.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = r.int(0, households - 1);
    if (diff > 0 && sizes[i]! < max) {
      sizes[i]!++;
      diff--;
    } else if (diff < 0 && sizes[i]! > 1) {
      sizes[i]!--;
      diff++;
    }
  }
  return sizes;
}
