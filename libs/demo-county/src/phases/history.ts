import {
  addDays,
  yearOf,
  type AssistanceCategory,
  type IsoDate,
  type PovertyCause,
} from '#app/households';
import { DEMO_AREAS } from '../areas.js';
import { between, maxOf, minOf } from '../dates.js';
import type { Random } from '../random.js';
import {
  POVERTY_CAUSE_WEIGHTS,
  RETURN_REASONS,
  ROUTINE_NOTES,
  ROUTINE_PROBLEMS,
} from '../texts.js';
import { membersAndChanges } from './members.js';
import { line, toInput, type Draft, type Member, type Planner } from './planner.js';

/**
 * Phase 2: one household's history up to 2020 — registration with its members, member changes,
 * incomes and exits (and a few returns), routine visits and early assistance. Each household
 * draws from its own fork, so households do not shift each other's draws.
 */

/**
 * Yearly chances of a routine visit and (before 2020) of an assistance record per household:
 * the bulk of the event count, kept so that the full county seeds well within two minutes.
 */
const ACTIVITY = {
  routineVisitPoor: 0.55,
  routineVisitExited: 0.25,
  routineVisitNonRegistered: 0.2,
  routineVisit2020: 0.2,
  assistancePoor: 0.4,
  assistanceExited: 0.1,
};

const CHECKLIST = {
  foodAndClothing: true,
  education: true,
  medical: true,
  housing: true,
  drinkingWater: true,
};

/** Yuan ranges of assistance before 2020 (one record at a time). */
const EARLY_ASSISTANCE: readonly (readonly [AssistanceCategory, number, number, number])[] = [
  // category, weight, min yuan, max yuan
  ['INDUSTRY', 30, 1000, 5000],
  ['EDUCATION', 14, 500, 3000],
  ['HEALTH', 15, 500, 15000],
  ['MICRO_CREDIT', 7, 10000, 50000],
  ['EMPLOYMENT', 10, 300, 2000],
  ['BOTTOM_LINE_SECURITY', 8, 2000, 8000],
  ['HOUSING_RENOVATION', 4, 15000, 35000],
  ['DRINKING_WATER', 3, 300, 1500],
  ['RELOCATION_FOLLOW_UP', 2, 2000, 8000],
  ['DISABILITY_SUBSIDY', 3, 800, 2400],
  ['CONSUMPTION', 2, 200, 1500],
  ['SOCIAL', 2, 200, 2000],
];

export function history(planner: Planner, d: Draft): void {
  const r = planner.random.fork(`household/${d.index}`);
  const registered = d.role !== 'EDGE' && d.role !== 'NON_POOR';
  let returned: { firstExit: number; on: IsoDate } | undefined;
  if (registered) {
    registeredTimeline(r, d);
    if (d.role === 'EXITED' && d.exitYear === 2019 && d.identifiedYear! <= 2016) {
      if (r.chance(0.05)) {
        const firstExit = r.int(Math.max(2016, d.identifiedYear! + 1), 2017);
        returned = {
          firstExit,
          on: between(r, `${firstExit + 1}-03-01`, `${firstExit + 1}-08-31`),
        };
      }
    }
  } else {
    d.registeredOn =
      d.role === 'EDGE'
        ? between(r, '2016-03-01', '2019-05-31')
        : r.chance(0.45)
          ? between(r, '2015-06-01', '2019-12-31')
          : between(r, '2019-10-01', '2020-01-05');
  }
  membersAndChanges(planner, r, d, registered);
  planner.step(d, d.registeredOn, {
    type: 'RegisterHousehold',
    householdId: d.householdId,
    areaCode: d.village.code,
    address: `${townshipName(d)}${d.village.name}${r.int(1, 12)}组`,
    registeredPoor: registered,
    ...(registered && {
      identifiedYear: d.identifiedYear!,
      povertyCauses: causes(r),
    }),
    effectiveDate: d.registeredOn,
    members: d.members.map(toInput),
  });
  if (registered) incomesAndExits(planner, r, d, returned);
  routineVisits(planner, r, d, registered);
  if (registered) earlyAssistance(planner, r, d);
}

function registeredTimeline(r: Random, d: Draft): void {
  if (d.role === 'REMAINING') {
    d.exitYear = 2020;
    d.identifiedYear = r.weighted([
      [2014, 50],
      [2015, 8],
      [2016, 8],
      [2017, 9],
      [2018, 11],
      [2019, 14],
    ]);
  } else {
    d.exitYear = r.weighted([
      [2016, 26],
      [2017, 30],
      [2018, 29],
      [2019, 15],
    ]);
    const exitYear = d.exitYear;
    d.identifiedYear = r.weighted(
      (
        [
          [2014, 75],
          [2015, 9],
          [2016, 6],
          [2017, 5],
          [2018, 5],
        ] as const
      ).filter(([year]) => year < exitYear),
    );
  }
  const y = d.identifiedYear;
  d.registeredOn =
    y === 2014 ? between(r, '2014-04-15', '2014-10-31') : between(r, `${y}-05-01`, `${y}-10-31`);
}

/** Income assessments in the years they decide something, exits, and a few returns. */
function incomesAndExits(
  planner: Planner,
  r: Random,
  d: Draft,
  returned: { firstExit: number; on: IsoDate } | undefined,
): void {
  // While poor: the income at identification and in the year before the exit (the years in
  // between are left out to keep the event count down; nothing is decided on them).
  const poorYears = (from: number, to: number, notBefore: IsoDate) => {
    for (const year of new Set([from, to])) if (year <= to) poorYear(year, notBefore);
  };
  const poorYear = (year: number, notBefore: IsoDate) => {
    const on = between(r, maxOf(`${year}-11-10`, notBefore), `${year}-12-28`);
    planner.income(d, year, on, Math.round(line(year) * (0.55 + 0.35 * r.next())));
  };
  const exitIn = (year: number) => {
    const assessed = between(r, `${year}-08-20`, `${year}-10-05`);
    planner.income(d, year, assessed, Math.round(line(year) * (1.15 + 0.75 * r.next())));
    const on = between(r, `${year}-10-15`, `${year}-12-20`);
    planner.step(d, on, {
      type: 'ExitPoverty',
      year,
      effectiveDate: on,
      checklist: { ...CHECKLIST },
    });
  };
  const exitYear = d.exitYear!;
  if (returned) {
    poorYears(d.identifiedYear!, returned.firstExit - 1, d.registeredOn);
    exitIn(returned.firstExit);
    planner.step(d, returned.on, {
      type: 'ReturnToPoverty',
      effectiveDate: returned.on,
      reason: r.pick(RETURN_REASONS),
    });
    poorYears(yearOf(returned.on), exitYear - 1, returned.on);
  } else {
    poorYears(d.identifiedYear!, exitYear - 1, d.registeredOn);
  }
  exitIn(exitYear);
  // The 2020 verification (脱贫攻坚普查) assessed every exited household's income again.
  if (d.role === 'EXITED' || d.role === 'UNSTABLE_EXITED') {
    const on = between(r, '2020-09-01', '2020-11-10');
    const yuan =
      d.role === 'UNSTABLE_EXITED'
        ? r.int(planner.targets.monitoringIncomeYuan + 600, 9800)
        : Math.round(4000 * (1.2 + 1.8 * r.next()));
    planner.income(d, 2020, on, yuan);
  }
}

/** Routine visits through the years; a few before 2020 find a problem, rectified that year. */
function routineVisits(planner: Planner, r: Random, d: Draft, registered: boolean): void {
  for (let year = yearOf(d.registeredOn); year <= 2020; year++) {
    const p =
      year === 2020
        ? d.role === 'WRONGLY_REGISTERED'
          ? 0
          : ACTIVITY.routineVisit2020
        : !registered
          ? ACTIVITY.routineVisitNonRegistered
          : year <= d.exitYear!
            ? ACTIVITY.routineVisitPoor
            : ACTIVITY.routineVisitExited;
    if (!r.chance(p)) continue;
    // 2020 visits come after the review campaign and record no problems.
    const from = maxOf(d.registeredOn, year === 2020 ? '2020-06-01' : `${year}-01-01`);
    const date = between(r, from, `${year}-12-31`);
    const visit = planner.step(d, date, {
      type: 'LogVisit',
      date,
      cadre: planner.cadre(d, r),
      purpose: 'ROUTINE',
      notes: r.pick(ROUTINE_NOTES),
    });
    if (year < 2020 && r.chance(0.04)) {
      const deadline = minOf(addDays(date, r.int(20, 50)), `${year}-12-31`);
      planner.problem(r, d, visit, r.pick(ROUTINE_PROBLEMS), deadline);
    }
  }
}

/** Some assistance in the years before 2020, mostly while poor. */
function earlyAssistance(planner: Planner, r: Random, d: Draft): void {
  const has = (test: (m: Member) => boolean) => d.members.some(test);
  const fits: Partial<Record<AssistanceCategory, boolean>> = {
    EDUCATION: has((m) => m.inSchool),
    DISABILITY_SUBSIDY: has((m) => m.health === 'DISABLED'),
    MICRO_CREDIT: has((m) => m.laborAbility === 'FULL'),
    EMPLOYMENT: has((m) => m.laborAbility !== 'NONE'),
  };
  const eligible = EARLY_ASSISTANCE.filter(([category]) => fits[category] !== false);
  for (let year = yearOf(d.registeredOn); year <= 2019; year++) {
    const p = year <= d.exitYear! ? ACTIVITY.assistancePoor : ACTIVITY.assistanceExited;
    if (!r.chance(p)) continue;
    const [category, , min, max] = r.weighted(eligible.map((e) => [e, e[1]] as const));
    const date = between(r, maxOf(d.registeredOn, `${year}-01-01`), `${year}-12-31`);
    const yuan = category === 'MICRO_CREDIT' ? r.int(1, 5) * 10000 : r.int(min, max);
    const people = category === 'HEALTH' || category === 'MICRO_CREDIT' ? 1 : d.members.length;
    planner.assist(d, category, date, yuan * 100, people, r);
  }
}

function townshipName(d: Draft): string {
  return DEMO_AREAS.find((a) => a.code === d.village.code.slice(0, 9))!.name;
}

function causes(r: Random): PovertyCause[] {
  const picked = new Set([r.weighted(POVERTY_CAUSE_WEIGHTS)]);
  if (r.chance(0.4)) picked.add(r.weighted(POVERTY_CAUSE_WEIGHTS));
  return [...picked];
}
