import {
  addDays,
  addMonths,
  type HouseholdCommand,
  type MonitoringCategory,
} from '#app/households';
import { between, maxOf, minOf } from '../dates.js';
import type { Random } from '../random.js';
import { EDGE_REASONS, RISK_FACTOR_WEIGHTS, WRONGLY_REGISTERED_NOTE } from '../texts.js';
import { line, type Draft, type Planner } from './planner.js';

/**
 * Phase 4: 2020 for one household — the wrongly registered are deregistered, edge households
 * are flagged and monitored, unstable exited households are monitored. Risk elimination waits
 * until the 2020 assistance is planned (phase 5 calls `eliminate`).
 */

export function monitoringAndDeregistration(planner: Planner, d: Draft): void {
  const r = planner.random.fork(`2020/${d.index}`);
  if (d.role === 'WRONGLY_REGISTERED') {
    const on = between(r, '2020-07-01', '2020-07-31');
    planner.step(d, on, {
      type: 'DeregisterHousehold',
      effectiveDate: on,
      reason: 'WRONGLY_REGISTERED',
      note: WRONGLY_REGISTERED_NOTE,
    });
    return;
  }
  if (d.role === 'EDGE') {
    const on = between(r, maxOf(addDays(d.registeredOn, 30), '2019-07-01'), '2019-12-31');
    planner.income(
      d,
      2019,
      on,
      r.int(Math.round(line(2019) * 1.07), Math.round(line(2019) * 1.25)),
    );
    planner.step(d, on, {
      type: 'FlagEdgeHousehold',
      effectiveDate: on,
      reason: r.pick(EDGE_REASONS),
    });
    monitor(planner, r, d, 'EDGE_PRONE');
    planner.income(
      d,
      2020,
      between(r, '2020-09-01', '2020-11-10'),
      r.int(planner.targets.monitoringIncomeYuan + 600, 9800),
    );
  }
  if (d.role === 'UNSTABLE_EXITED') monitor(planner, r, d, 'UNSTABLE_EXITED');
}

/** Monitoring from March–May 2020; the elimination is added once the assistance is planned. */
function monitor(planner: Planner, r: Random, d: Draft, category: MonitoringCategory): void {
  const on = between(r, '2020-03-01', '2020-05-31');
  const factors = new Set([r.weighted(RISK_FACTOR_WEIGHTS)]);
  if (r.chance(0.35)) factors.add(r.weighted(RISK_FACTOR_WEIGHTS));
  planner.step(d, on, {
    type: 'StartMonitoring',
    category,
    riskFactors: [...factors],
    effectiveDate: on,
  });
  d.monitoringFrom = on;
}

/**
 * After six months, once the 2020 income is assessed and some assistance has been recorded since
 * monitoring began (same-day commands are sent in RANK order, elimination last).
 */
export function eliminate(planner: Planner, r: Random, d: Draft): void {
  const since = d.monitoringFrom!;
  const dates = (test: (c: HouseholdCommand) => boolean) =>
    d.steps.filter((s) => test(s.command) && s.date >= since).map((s) => s.date);
  const assisted = minOf(...dates((c) => c.type === 'RecordAssistance'));
  const assessed = maxOf(...dates((c) => c.type === 'RecordIncomeAssessment' && c.year === 2020));
  const earliest = maxOf(addMonths(since, 6), assisted, assessed);
  const on = minOf(addDays(earliest, r.int(0, 20)), '2020-12-28');
  if (on < earliest) throw new Error(`household ${d.index}: no room for risk elimination in 2020`);
  planner.step(d, on, { type: 'EliminateRisk', effectiveDate: on });
}
