import type { HouseholdCommand } from '#app/households';
import { DEMO_AREAS, type DemoArea } from './areas.js';
import { demoTargets, type DemoTargets } from './calibration.js';
import { assistance2020 } from './phases/assistance-2020.js';
import { finish } from './phases/finish.js';
import { history } from './phases/history.js';
import { createDrafts } from './phases/households.js';
import { monitoringAndDeregistration } from './phases/monitoring.js';
import { Planner } from './phases/planner.js';
import { reviewCampaign } from './phases/review-campaign.js';

export { partition } from './phases/households.js';

/**
 * The demo county as an ordered list of commands per household — pure and deterministic: one
 * seeded random source, no clock, ids derived from the seed. Seeding sends these commands through
 * the command bus (seed.ts), so every rule of the deciders holds for the generated history.
 */

export const DEFAULT_DEMO_SEED = 431023;

/** What a household is in the county's story; decides its history. */
export type HouseholdRole =
  /** Registered poor, not exited at 2019-12-31, exits in 2020 (the 771). */
  | 'REMAINING'
  /** Exited before 2020, monitored as unstable in 2020 and risk-eliminated. */
  | 'UNSTABLE_EXITED'
  /** Exited before 2020, found wrongly registered by the review and deregistered in July 2020. */
  | 'WRONGLY_REGISTERED'
  /** Exited before 2020 (a few after a return to poverty). */
  | 'EXITED'
  /** Not registered poor; an edge household, monitored and risk-eliminated in 2020. */
  | 'EDGE'
  /** Not registered poor; surveyed in the 2020 review campaign. */
  | 'NON_POOR';

export interface PlannedCommand {
  commandId: string;
  command: HouseholdCommand;
  /**
   * For RectifyProblem: the problem is the `index`-th one recorded by the visit sent with
   * `visitCommandId`. Its id is assigned when that visit is recorded, so the seeder fills it in.
   */
  problemOf?: { visitCommandId: string; index: number };
}

export interface PlannedHousehold {
  householdId: string;
  areaCode: string;
  role: HouseholdRole;
  /** In the order they must be sent (by effective date). */
  commands: PlannedCommand[];
}

export interface DemoPlan {
  seed: number;
  scale: number;
  /** The figures the county is built to reproduce. */
  targets: DemoTargets;
  areas: readonly DemoArea[];
  households: PlannedHousehold[];
  commandCount: number;
}

export interface PlanOptions {
  seed?: number;
  /** Shrinks every count, sum of people and amount in proportion (0 < scale ≤ 1). */
  scale?: number;
}

/**
 * The phases run in this order, each adding steps to the household drafts; `finish` then sorts
 * each household's steps by date and numbers them. Reordering the phases changes the county.
 */
export function planDemoCounty(options: PlanOptions = {}): DemoPlan {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const scale = options.scale ?? 1;
  const targets = demoTargets(scale);
  const planner = new Planner(seed, scale, targets);
  const drafts = createDrafts(planner);
  for (const d of drafts) history(planner, d);
  reviewCampaign(planner, drafts);
  for (const d of drafts) monitoringAndDeregistration(planner, d);
  assistance2020(planner, drafts);
  const households = drafts.map(finish);
  return {
    seed,
    scale,
    targets,
    areas: DEMO_AREAS,
    households,
    commandCount: households.reduce((n, h) => n + h.commands.length, 0),
  };
}
