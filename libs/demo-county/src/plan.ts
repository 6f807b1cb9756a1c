import {
  addDays,
  addMonths,
  yearOf,
  type AssistanceCategory,
  type Health,
  type HouseholdCommand,
  type IsoDate,
  type LaborAbility,
  type MemberInput,
  type MonitoringCategory,
  type PovertyCause,
  type Relation,
  type Sex,
} from '#app/households';
import { DEMO_AREAS, DEMO_COUNTY, DEMO_VILLAGES, type DemoArea } from './areas.js';
import { demoTargets, type CategoryTarget, type DemoTargets } from './calibration.js';
import { givenName, ResidentIdIssuer, surname } from './people.js';
import { apportion, demoUuid, Random, splitAmount } from './random.js';
import {
  EDGE_REASONS,
  POVERTY_CAUSE_WEIGHTS,
  PROGRAMMES,
  RECTIFICATION_MEASURES,
  RETURN_REASONS,
  REVIEW_NOTES,
  REVIEW_PROBLEMS,
  RISK_FACTOR_WEIGHTS,
  ROUTINE_NOTES,
  ROUTINE_PROBLEMS,
  WRONGLY_REGISTERED_NOTE,
} from './texts.js';

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
 * Poverty lines (yuan per person and year) the incomes are drawn around, as in
 * config/policy.json. Incomes keep wide margins (poor years ≤ 0.9 × line, exit years ≥ 1.15 ×
 * line), so a policy file that differs by a few percent still accepts every exit.
 */
const POVERTY_LINE_YUAN: Readonly<Record<number, number>> = {
  2014: 2800,
  2015: 2855,
  2016: 2952,
  2017: 3335,
  2018: 3535,
  2019: 3747,
  2020: 4000,
};

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

const LAST_DAY = '2020-12-31';
const REVIEW_FROM = '2020-01-06';
const REVIEW_TO = '2020-05-29';

export function planDemoCounty(options: PlanOptions = {}): DemoPlan {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const scale = options.scale ?? 1;
  const targets = demoTargets(scale);
  const planner = new Planner(seed, scale, targets);
  const households = planner.run();
  return {
    seed,
    scale,
    targets,
    areas: DEMO_AREAS,
    households,
    commandCount: households.reduce((n, h) => n + h.commands.length, 0),
  };
}

// ---- internals ----

interface Member extends MemberInput {
  sex: Sex;
  birthDate: IsoDate;
  health: Health;
  laborAbility: LaborAbility;
  inSchool: boolean;
}

interface Step {
  date: IsoDate;
  command: HouseholdCommand;
  rectifies?: { visit: Step; index: number };
  commandId?: string;
}

interface Draft {
  index: number;
  householdId: string;
  role: HouseholdRole;
  village: DemoArea;
  size: number;
  family: string;
  registeredOn: IsoDate;
  identifiedYear?: number;
  exitYear?: number;
  members: Member[];
  /** A member who joined after registration (birth, marriage). */
  added?: Member;
  steps: Step[];
  review?: Step;
  monitoringFrom?: IsoDate;
}

type Need = { kind: 'parent' } | { kind: 'daughter'; adultBy: IsoDate };

/** Same-day commands go in this order: an exit after the assessment it needs, and so on. */
const RANK: Record<HouseholdCommand['type'], number> = {
  RegisterHousehold: 0,
  AddMember: 1,
  RemoveMember: 1,
  RecordIncomeAssessment: 2,
  LogVisit: 3,
  RecordAssistance: 4,
  RectifyProblem: 5,
  ExitPoverty: 6,
  ReturnToPoverty: 6,
  FlagEdgeHousehold: 7,
  ClearEdgeHousehold: 7,
  StartMonitoring: 8,
  EliminateRisk: 9,
  ReopenMonitoring: 9,
  DeregisterHousehold: 10,
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

class Planner {
  private readonly random: Random;
  private readonly ids: ResidentIdIssuer;
  private readonly people: Random;
  private readonly cadres = new Map<string, string[]>();
  private readonly drafts: Draft[] = [];

  constructor(
    private readonly seed: number,
    private readonly scale: number,
    private readonly targets: DemoTargets,
  ) {
    this.random = new Random(`demo-county/${seed}`);
    this.people = this.random.fork('people');
    this.ids = new ResidentIdIssuer(this.random.fork('resident-ids'), DEMO_COUNTY.code);
  }

  run(): PlannedHousehold[] {
    this.createDrafts();
    for (const d of this.drafts) this.history(d);
    this.reviewCampaign();
    for (const d of this.drafts) this.monitoringAndDeregistration(d);
    this.assistance2020();
    return this.drafts.map((d) => this.finish(d));
  }

  // -- households, sizes, villages --

  private createDrafts(): void {
    const t = this.targets;
    const r = this.random.fork('sizes');
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
    const slots = this.random
      .fork('order')
      .shuffle(groups.flatMap(([role, sizes]) => sizes.map((size) => ({ role, size }))));
    const villages = this.random.fork('villages');
    const villageWeights = DEMO_VILLAGES.map((v) => [v, villages.int(5, 15)] as const);
    slots.forEach(({ role, size }, index) => {
      this.drafts.push({
        index,
        householdId: demoUuid(`demo-county/${this.seed}/${this.scale}/household/${index}`),
        role,
        village: villages.weighted(villageWeights),
        size,
        family: '',
        registeredOn: '',
        members: [],
        steps: [],
      });
    });
  }

  // -- one household's history up to 2020 --

  private history(d: Draft): void {
    const r = this.random.fork(`household/${d.index}`);
    const registered = d.role !== 'EDGE' && d.role !== 'NON_POOR';
    let returned: { firstExit: number; on: IsoDate } | undefined;
    if (registered) {
      this.registeredTimeline(r, d);
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
    this.membersAndChanges(r, d, registered);
    this.step(d, d.registeredOn, {
      type: 'RegisterHousehold',
      householdId: d.householdId,
      areaCode: d.village.code,
      address: `${this.townshipName(d)}${d.village.name}${r.int(1, 12)}组`,
      registeredPoor: registered,
      ...(registered && {
        identifiedYear: d.identifiedYear!,
        povertyCauses: causes(r),
      }),
      effectiveDate: d.registeredOn,
      members: d.members.map(toInput),
    });
    if (registered) this.incomesAndExits(r, d, returned);
    this.routineVisits(r, d, registered);
    if (registered) this.earlyAssistance(r, d);
  }

  private registeredTimeline(r: Random, d: Draft): void {
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

  /** Members at registration, and at most one change (birth, death, marriage) before 2020. */
  private membersAndChanges(r: Random, d: Draft, registered: boolean): void {
    const headAge: [number, number] =
      d.role === 'REMAINING' || d.role === 'UNSTABLE_EXITED' ? [45, 80] : [28, 72];
    const from = maxOf(addDays(d.registeredOn, 30), '2015-01-01');
    const to = '2019-12-31';
    let change: 'BIRTH' | 'DEATH' | 'MARRIAGE_IN' | 'MARRIAGE_OUT' | undefined;
    if (from <= to && r.chance(0.08)) {
      change = r.weighted([
        ['BIRTH', 40],
        ['DEATH', 30],
        ['MARRIAGE_IN', 15],
        ['MARRIAGE_OUT', 15],
      ] as const);
      if ((change === 'BIRTH' || change === 'MARRIAGE_IN') && d.size < 2) change = undefined;
    }
    const on = change ? between(r, from, to) : undefined;
    const adds = change === 'BIRTH' || change === 'MARRIAGE_IN' ? 1 : 0;
    const removes = change === 'DEATH' || change === 'MARRIAGE_OUT' ? 1 : 0;
    const need: Need | undefined =
      change === 'DEATH'
        ? { kind: 'parent' }
        : change === 'MARRIAGE_OUT'
          ? { kind: 'daughter', adultBy: on! }
          : undefined;
    const { members, needed } = this.compose(d, d.size - adds + removes, headAge, registered, need);
    d.members = members;
    if (!change || !on) return;
    if (change === 'DEATH' || change === 'MARRIAGE_OUT') {
      this.step(d, on, {
        type: 'RemoveMember',
        idNumber: needed!.idNumber,
        reason: change,
        effectiveDate: on,
      });
      return;
    }
    const head = members[0]!;
    const member =
      change === 'BIRTH'
        ? this.person(
            yearOf(on) - yearOf(head.birthDate) < 50 ? 'CHILD' : 'GRANDCHILD',
            r.chance(0.52) ? 'MALE' : 'FEMALE',
            on,
            d.family,
            registered,
          )
        : this.person(
            'OTHER',
            'FEMALE',
            birthIn(r, yearOf(on) - r.int(21, 30), on),
            surname(r),
            registered,
          );
    d.added = member;
    this.step(d, on, {
      type: 'AddMember',
      member: toInput(member),
      reason: change,
      effectiveDate: on,
    });
  }

  private compose(
    d: Draft,
    size: number,
    [youngest, oldest]: [number, number],
    registered: boolean,
    need?: Need,
  ): { members: Member[]; needed?: Member } {
    const r = this.people;
    const regYear = yearOf(d.registeredOn);
    let headYear = regYear - r.int(youngest, oldest);
    if (need?.kind === 'parent') headYear = Math.max(headYear, regYear - 60);
    if (need?.kind === 'daughter') headYear = Math.min(headYear, yearOf(need.adultBy) - 42);
    d.family = surname(r);
    const headSex: Sex = r.chance(0.86) ? 'MALE' : 'FEMALE';
    const born = (year: number) => birthIn(r, Math.min(year, regYear), d.registeredOn);
    const members: Member[] = [this.person('HEAD', headSex, born(headYear), d.family, registered)];
    let needed: Member | undefined;
    let parents = 0;
    const parent = () => {
      parents++;
      return this.person(
        'PARENT',
        r.chance(0.6) ? 'FEMALE' : 'MALE',
        born(Math.max(1925, headYear - r.int(22, 32))),
        d.family,
        registered,
      );
    };
    if (need?.kind === 'parent') members.push((needed = parent()));
    if (need?.kind === 'daughter') {
      const year = r.int(headYear + 21, yearOf(need.adultBy) - 20);
      members.push((needed = this.person('CHILD', 'FEMALE', born(year), d.family, registered)));
    }
    if (members.length < size && r.chance(0.85)) {
      const sex: Sex = headSex === 'MALE' ? 'FEMALE' : 'MALE';
      const year = headYear + (sex === 'FEMALE' ? r.int(-1, 5) : r.int(-5, 1));
      members.push(this.person('SPOUSE', sex, born(year), surname(r), registered));
    }
    while (members.length < size) {
      const headAge = regYear - headYear;
      if (headAge < 58 && parents < 2 && r.chance(0.18)) {
        members.push(parent());
      } else {
        const grandchild = headAge >= 55 && r.chance(0.45);
        const year = headYear + (grandchild ? r.int(44, 60) : r.int(20, 38));
        members.push(
          this.person(
            grandchild ? 'GRANDCHILD' : 'CHILD',
            r.chance(0.52) ? 'MALE' : 'FEMALE',
            born(year),
            d.family,
            registered,
          ),
        );
      }
    }
    return { members, ...(needed && { needed }) };
  }

  private person(
    relation: Relation,
    sex: Sex,
    birthDate: IsoDate,
    family: string,
    registered: boolean,
  ): Member {
    const r = this.people;
    const age = 2020 - yearOf(birthDate);
    const inSchool =
      (age >= 6 && age <= 18) ||
      (age >= 3 && age <= 5 && r.chance(0.5)) ||
      (age >= 19 && age <= 22 && r.chance(0.3));
    const health: Health = r.chance(registered ? 0.075 : 0.035)
      ? 'DISABLED'
      : r.chance(0.015)
        ? 'SERIOUS_ILLNESS'
        : r.chance(age >= 55 ? 0.3 : 0.05)
          ? 'CHRONIC_ILLNESS'
          : 'HEALTHY';
    const laborAbility: LaborAbility =
      inSchool || age < 16 || age >= 70 || health === 'SERIOUS_ILLNESS'
        ? 'NONE'
        : health === 'DISABLED'
          ? r.chance(0.3)
            ? 'PARTIAL'
            : 'NONE'
          : age >= 60 || health === 'CHRONIC_ILLNESS'
            ? 'PARTIAL'
            : 'FULL';
    return {
      name: `${family}${givenName(r, sex)}`,
      idNumber: this.ids.issue(birthDate, sex),
      relation,
      sex,
      birthDate,
      health,
      laborAbility,
      inSchool,
    };
  }

  /** Income assessments in the years they decide something, exits, and a few returns. */
  private incomesAndExits(
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
      this.income(d, year, on, Math.round(line(year) * (0.55 + 0.35 * r.next())));
    };
    const exitIn = (year: number) => {
      const assessed = between(r, `${year}-08-20`, `${year}-10-05`);
      this.income(d, year, assessed, Math.round(line(year) * (1.15 + 0.75 * r.next())));
      const on = between(r, `${year}-10-15`, `${year}-12-20`);
      this.step(d, on, {
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
      this.step(d, returned.on, {
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
          ? r.int(this.targets.monitoringIncomeYuan + 600, 9800)
          : Math.round(4000 * (1.2 + 1.8 * r.next()));
      this.income(d, 2020, on, yuan);
    }
  }

  private income(d: Draft, year: number, on: IsoDate, yuan: number): void {
    this.step(d, on, {
      type: 'RecordIncomeAssessment',
      year,
      perCapitaNetIncomeFen: yuan * 100,
      effectiveDate: on,
    });
  }

  /** Routine visits through the years; a few before 2020 find a problem, rectified that year. */
  private routineVisits(r: Random, d: Draft, registered: boolean): void {
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
      const visit = this.step(d, date, {
        type: 'LogVisit',
        date,
        cadre: this.cadre(d, r),
        purpose: 'ROUTINE',
        notes: r.pick(ROUTINE_NOTES),
      });
      if (year < 2020 && r.chance(0.04)) {
        const deadline = minOf(addDays(date, r.int(20, 50)), `${year}-12-31`);
        this.problem(r, d, visit, r.pick(ROUTINE_PROBLEMS), deadline);
      }
    }
  }

  /** Some assistance in the years before 2020, mostly while poor. */
  private earlyAssistance(r: Random, d: Draft): void {
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
      this.assist(d, category, date, yuan * 100, people, r);
    }
  }

  // -- 2020 --

  /** Every household visited once in January–May 2020; the campaign's problems, rectified by June. */
  private reviewCampaign(): void {
    const r = this.random.fork('review');
    for (const d of this.drafts) {
      const date = between(r, maxOf(d.registeredOn, REVIEW_FROM), REVIEW_TO);
      d.review = this.step(d, date, {
        type: 'LogVisit',
        date,
        cadre: this.cadre(d, r),
        purpose: 'REVIEW',
        notes: r.pick(REVIEW_NOTES),
        problems: [],
      });
    }
    const total = this.targets.review.problems;
    const doubles = Math.floor(total * 0.08);
    const visited = r.shuffle(this.drafts).slice(0, total - doubles);
    if (visited.length < total - doubles) {
      throw new RangeError(`too few review visits for ${total} problems`);
    }
    visited.forEach((d, i) => {
      const count = i < doubles ? 2 : 1;
      const descriptions = r.shuffle(REVIEW_PROBLEMS).slice(0, count);
      for (const description of descriptions) {
        const deadline = minOf(
          addDays(d.review!.date, r.int(15, 45)),
          this.targets.review.rectifiedBy,
        );
        this.problem(r, d, d.review!, description, deadline);
      }
    });
  }

  private problem(r: Random, d: Draft, visit: Step, description: string, deadline: IsoDate): void {
    const command = visit.command as Extract<HouseholdCommand, { type: 'LogVisit' }>;
    const problems = (command.problems ??= []);
    problems.push({ description, deadline });
    const on = between(r, minOf(addDays(visit.date, 1), deadline), deadline);
    this.step(
      d,
      on,
      {
        type: 'RectifyProblem',
        problemId: 'pending',
        date: on,
        measures: r.pick(RECTIFICATION_MEASURES),
      },
      { visit, index: problems.length - 1 },
    );
  }

  private monitoringAndDeregistration(d: Draft): void {
    const r = this.random.fork(`2020/${d.index}`);
    if (d.role === 'WRONGLY_REGISTERED') {
      const on = between(r, '2020-07-01', '2020-07-31');
      this.step(d, on, {
        type: 'DeregisterHousehold',
        effectiveDate: on,
        reason: 'WRONGLY_REGISTERED',
        note: WRONGLY_REGISTERED_NOTE,
      });
      return;
    }
    if (d.role === 'EDGE') {
      const on = between(r, maxOf(addDays(d.registeredOn, 30), '2019-07-01'), '2019-12-31');
      this.income(d, 2019, on, r.int(Math.round(line(2019) * 1.07), Math.round(line(2019) * 1.25)));
      this.step(d, on, {
        type: 'FlagEdgeHousehold',
        effectiveDate: on,
        reason: r.pick(EDGE_REASONS),
      });
      this.monitor(r, d, 'EDGE_PRONE');
      this.income(
        d,
        2020,
        between(r, '2020-09-01', '2020-11-10'),
        r.int(this.targets.monitoringIncomeYuan + 600, 9800),
      );
    }
    if (d.role === 'UNSTABLE_EXITED') this.monitor(r, d, 'UNSTABLE_EXITED');
  }

  /** Monitoring from March–May 2020; the elimination is added once the assistance is planned. */
  private monitor(r: Random, d: Draft, category: MonitoringCategory): void {
    const on = between(r, '2020-03-01', '2020-05-31');
    const factors = new Set([r.weighted(RISK_FACTOR_WEIGHTS)]);
    if (r.chance(0.35)) factors.add(r.weighted(RISK_FACTOR_WEIGHTS));
    this.step(d, on, {
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
  private eliminate(r: Random, d: Draft): void {
    const since = d.monitoringFrom!;
    const dates = (test: (c: HouseholdCommand) => boolean) =>
      d.steps.filter((s) => test(s.command) && s.date >= since).map((s) => s.date);
    const assisted = minOf(...dates((c) => c.type === 'RecordAssistance'));
    const assessed = maxOf(...dates((c) => c.type === 'RecordIncomeAssessment' && c.year === 2020));
    const earliest = maxOf(addMonths(since, 6), assisted, assessed);
    const on = minOf(addDays(earliest, r.int(0, 20)), '2020-12-28');
    if (on < earliest)
      throw new Error(`household ${d.index}: no room for risk elimination in 2020`);
    this.step(d, on, { type: 'EliminateRisk', effectiveDate: on });
  }

  /** The year's assistance by category, totals split exactly over the recipients. */
  private assistance2020(): void {
    const r = this.random.fork('assistance-2020');
    const t = this.targets.assistance;
    const registered = this.drafts.filter(
      (d) => d.role === 'REMAINING' || d.role === 'EXITED' || d.role === 'UNSTABLE_EXITED',
    );
    const active = this.drafts.filter((d) => d.role !== 'WRONGLY_REGISTERED');
    const finalMembers = new Map(this.drafts.map((d) => [d, this.finalMembers(d)]));
    const count = (d: Draft, test: (m: Member) => boolean) =>
      finalMembers.get(d)!.filter(test).length;
    const labour = (d: Draft) => count(d, (m) => m.laborAbility !== 'NONE');
    const students = (d: Draft) => count(d, (m) => m.inSchool);
    const size = (d: Draft) => finalMembers.get(d)!.length;
    const inYear = (from = '2020-01-06', to = '2020-12-20') => between(r, from, to);
    const monitored = (d: Draft) =>
      between(r, addDays(d.monitoringFrom!, 15), addDays(d.monitoringFrom!, 45));

    // Industry: every registered household, in benefit linkage with its members.
    this.allocate(
      r,
      'INDUSTRY',
      t.INDUSTRY,
      registered.map((d) => ({
        d,
        date: d.role === 'UNSTABLE_EXITED' ? monitored(d) : inYear('2020-03-01', '2020-10-31'),
        weight: size(d) * r.int(60, 140),
        people: size(d),
      })),
    );

    // Employment: households with labour, until the people employed are covered.
    const workers = r.shuffle(registered.filter((d) => labour(d) > 0));
    const employed = takeUntil(workers, labour, t.EMPLOYMENT.peopleReached ?? 0);
    this.allocate(
      r,
      'EMPLOYMENT',
      t.EMPLOYMENT,
      employed.map((d) => ({
        d,
        date: inYear('2020-03-01', '2020-11-30'),
        weight: labour(d) * r.int(70, 130),
        people: labour(d),
      })),
    );

    // Micro-credit: loans of 10,000–50,000 yuan in whole thousands.
    const loans = Math.max(1, Math.round(t.MICRO_CREDIT.amountFen / 4_800_000));
    const borrowers = r.shuffle(workers).slice(0, loans);
    const loanUnit = t.MICRO_CREDIT.amountFen >= borrowers.length * 2_000_000 ? 100_000 : 100;
    this.allocate(
      r,
      'MICRO_CREDIT',
      t.MICRO_CREDIT,
      borrowers.map((d) => ({
        d,
        date: inYear('2020-03-01', '2020-09-30'),
        weight: r.pick([3, 4, 5, 5, 5]),
        people: size(d),
      })),
      loanUnit,
    );

    // Education: each family with pupils or students, spring and autumn terms.
    let pupils = registered.filter((d) => students(d) > 0);
    if (pupils.length === 0) pupils = registered.slice(0, 1);
    this.allocate(
      r,
      'EDUCATION',
      t.EDUCATION,
      pupils.flatMap((d) => {
        const weight = Math.max(1, students(d)) * r.int(80, 120);
        return [
          { d, date: inYear('2020-03-01', '2020-04-30'), weight, people: Math.max(1, students(d)) },
          { d, date: inYear('2020-09-01', '2020-10-31'), weight, people: Math.max(1, students(d)) },
        ];
      }),
    );

    // Health: hospital reimbursements, more often where someone is ill.
    const ill = (d: Draft) =>
      count(d, (m) => m.health === 'CHRONIC_ILLNESS' || m.health === 'SERIOUS_ILLNESS');
    const stays = Math.max(1, Math.round((t.HEALTH.peopleReached ?? 1) / 1.28));
    const patients = sampleWeighted(r, registered, (d) => 1 + 3 * ill(d), stays);
    this.allocate(
      r,
      'HEALTH',
      t.HEALTH,
      patients.map((d) => ({
        d,
        date: inYear('2020-01-05', '2020-12-25'),
        weight: r.int(20, 300),
        people: r.int(1, 2),
      })),
      1,
    );

    // Bottom-line security: the remaining poor first, then households without labour, small first.
    const secured = [
      ...r.shuffle(registered.filter((d) => d.role === 'REMAINING')),
      ...registered
        .filter((d) => d.role !== 'REMAINING')
        .map((d) => ({ d, key: (labour(d) > 0 ? 10 : 0) + size(d) + 3 * r.next() }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.d),
    ].slice(0, t.BOTTOM_LINE_SECURITY.households);
    this.allocate(
      r,
      'BOTTOM_LINE_SECURITY',
      t.BOTTOM_LINE_SECURITY,
      secured.map((d) => ({
        d,
        date: inYear(),
        weight: size(d) * r.int(80, 120),
        people: size(d),
      })),
    );

    // Disability subsidies: every household with a disabled member.
    const disabled = (d: Draft) => count(d, (m) => m.health === 'DISABLED');
    let withDisability = active.filter((d) => disabled(d) > 0);
    if (withDisability.length === 0) withDisability = registered.slice(0, 1);
    this.allocate(
      r,
      'DISABILITY_SUBSIDY',
      t.DISABILITY_SUBSIDY,
      withDisability.map((d) => ({
        d,
        date: inYear('2020-06-01', '2020-12-20'),
        weight: Math.max(1, disabled(d)) * r.int(90, 110),
        people: Math.max(1, disabled(d)),
      })),
    );

    const some = (pool: Draft[], n: number | undefined) => r.shuffle(pool).slice(0, n ?? 1);
    for (const category of ['HOUSING_RENOVATION', 'RELOCATION_FOLLOW_UP', 'CONSUMPTION'] as const) {
      this.allocate(
        r,
        category,
        t[category],
        some(registered, t[category].households).map((d) => ({
          d,
          date: inYear('2020-03-01', '2020-11-30'),
          weight: r.int(15, 35),
          people: size(d),
        })),
      );
    }
    this.allocate(
      r,
      'DRINKING_WATER',
      t.DRINKING_WATER,
      some(active, t.DRINKING_WATER.households).map((d) => ({
        d,
        date: inYear('2020-03-01', '2020-11-30'),
        weight: r.int(10, 20),
        people: size(d),
      })),
    );

    // Social assistance: every edge household (its assistance since monitoring began), and others.
    const edge = active.filter((d) => d.role === 'EDGE');
    const others = some(
      active.filter((d) => d.role !== 'EDGE'),
      Math.max(0, (t.SOCIAL.households ?? 0) - edge.length),
    );
    this.allocate(r, 'SOCIAL', t.SOCIAL, [
      ...edge.map((d) => ({ d, date: monitored(d), weight: r.int(10, 30), people: size(d) })),
      ...others.map((d) => ({ d, date: inYear(), weight: r.int(10, 30), people: size(d) })),
    ]);

    for (const d of this.drafts) if (d.monitoringFrom) this.eliminate(r, d);
  }

  private allocate(
    r: Random,
    category: AssistanceCategory,
    target: CategoryTarget,
    records: { d: Draft; date: IsoDate; weight: number; people: number }[],
    unitFen = 100,
  ): void {
    if (records.length === 0) throw new RangeError(`no recipients for ${category}`);
    const amounts = splitAmount(
      target.amountFen,
      records.map((x) => x.weight),
      unitFen,
    );
    const people =
      target.peopleReached === undefined
        ? records.map((x) => x.people)
        : apportion(
            target.peopleReached,
            records.map((x) => x.people),
            1,
          );
    records.forEach((x, i) => this.assist(x.d, category, x.date, amounts[i]!, people[i]!, r));
  }

  private assist(
    d: Draft,
    category: AssistanceCategory,
    date: IsoDate,
    amountFen: number,
    peopleReached: number,
    r: Random,
  ): void {
    this.step(d, date, {
      type: 'RecordAssistance',
      category,
      amountFen,
      peopleReached,
      date,
      programme: r.pick(PROGRAMMES[category]),
    });
  }

  // -- helpers --

  /** Members at the end of 2020 (member changes all happen before). */
  private finalMembers(d: Draft): Member[] {
    const removed = new Set(
      d.steps.flatMap(({ command }) => (command.type === 'RemoveMember' ? [command.idNumber] : [])),
    );
    return [...d.members.filter((m) => !removed.has(m.idNumber)), ...(d.added ? [d.added] : [])];
  }

  private step(
    d: Draft,
    date: IsoDate,
    command: HouseholdCommand,
    rectifies?: Step['rectifies'],
  ): Step {
    if (date > LAST_DAY) throw new Error(`household ${d.index}: ${command.type} dated ${date}`);
    const step: Step = { date, command, ...(rectifies && { rectifies }) };
    d.steps.push(step);
    return step;
  }

  private townshipName(d: Draft): string {
    return DEMO_AREAS.find((a) => a.code === d.village.code.slice(0, 9))!.name;
  }

  /** The village work team: three cadres per village, fixed by the seed. */
  private cadre(d: Draft, r: Random): string {
    let team = this.cadres.get(d.village.code);
    if (!team) {
      const names = this.random.fork(`cadres/${d.village.code}`);
      team = Array.from({ length: 3 }, () => {
        const sex: Sex = names.chance(0.7) ? 'MALE' : 'FEMALE';
        return `${surname(names)}${givenName(names, sex)}`;
      });
      this.cadres.set(d.village.code, team);
    }
    return r.pick(team);
  }

  private finish(d: Draft): PlannedHousehold {
    const steps = d.steps
      .map((step, order) => ({ step, order }))
      .sort(
        (a, b) =>
          (a.step.date < b.step.date ? -1 : a.step.date > b.step.date ? 1 : 0) ||
          RANK[a.step.command.type] - RANK[b.step.command.type] ||
          a.order - b.order,
      )
      .map(({ step }) => step);
    steps.forEach((step, k) => {
      step.commandId = demoUuid(`${d.householdId}/command/${k}`);
    });
    return {
      householdId: d.householdId,
      areaCode: d.village.code,
      role: d.role,
      commands: steps.map((step) => {
        const command = step.command;
        if (command.type === 'LogVisit' && command.problems?.length === 0) delete command.problems;
        return {
          commandId: step.commandId!,
          command,
          ...(step.rectifies && {
            problemOf: {
              visitCommandId: step.rectifies.visit.commandId!,
              index: step.rectifies.index,
            },
          }),
        };
      }),
    };
  }
}

function line(year: number): number {
  const value = POVERTY_LINE_YUAN[year];
  if (value === undefined) throw new RangeError(`no poverty line for ${year}`);
  return value;
}

function causes(r: Random): PovertyCause[] {
  const picked = new Set([r.weighted(POVERTY_CAUSE_WEIGHTS)]);
  if (r.chance(0.4)) picked.add(r.weighted(POVERTY_CAUSE_WEIGHTS));
  return [...picked];
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

/** Takes items in order until their weights reach `total` (or the items run out). */
function takeUntil<T>(items: readonly T[], weight: (item: T) => number, total: number): T[] {
  const taken: T[] = [];
  let sum = 0;
  for (const item of items) {
    if (sum >= total) break;
    taken.push(item);
    sum += weight(item);
  }
  return taken;
}

/** `n` draws with replacement, each item's chance proportional to its weight. */
function sampleWeighted<T>(
  r: Random,
  items: readonly T[],
  weight: (item: T) => number,
  n: number,
): T[] {
  const cumulative: number[] = [];
  let sum = 0;
  for (const item of items) cumulative.push((sum += weight(item)));
  return Array.from({ length: n }, () => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  });
}

/** The member as a cadre enters it (sex and birth date come from the resident ID). */
function toInput({
  name,
  idNumber,
  relation,
  sex,
  health,
  laborAbility,
  inSchool,
}: Member): MemberInput {
  return { name, idNumber, relation, sex, health, laborAbility, inSchool };
}

// ---- dates ----

const DAY_MS = 86_400_000;

function dayNumber(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** A date in [from, to], both inclusive. */
function between(r: Random, from: IsoDate, to: IsoDate): IsoDate {
  if (to < from) throw new RangeError(`empty date range ${from}..${to}`);
  return new Date(r.int(dayNumber(from), dayNumber(to)) * DAY_MS).toISOString().slice(0, 10);
}

/** A birth date in `year`, not after `notAfter`. */
function birthIn(r: Random, year: number, notAfter: IsoDate): IsoDate {
  const y = Math.min(year, yearOf(notAfter));
  return between(r, `${y}-01-01`, minOf(`${y}-12-31`, notAfter));
}

function maxOf(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('maxOf: no dates');
  return dates.reduce((a, b) => (b > a ? b : a));
}

function minOf(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('minOf: no dates');
  return dates.reduce((a, b) => (b < a ? b : a));
}
