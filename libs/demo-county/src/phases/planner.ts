import {
  addDays,
  type AssistanceCategory,
  type Health,
  type HouseholdCommand,
  type IsoDate,
  type LaborAbility,
  type MemberInput,
  type Sex,
} from '#app/households';
import { DEMO_COUNTY, type DemoArea } from '../areas.js';
import type { DemoTargets } from '../calibration.js';
import { between, minOf } from '../dates.js';
import { givenName, ResidentIdIssuer, surname } from '../people.js';
import type { HouseholdRole } from '../plan.js';
import { Random } from '../random.js';
import { PROGRAMMES, RECTIFICATION_MEASURES } from '../texts.js';

/**
 * What every phase of the plan shares: the seeded random streams, the resident-ID issuer, the
 * village cadres, and the helpers that add steps to a household draft. Each phase draws from a
 * fork of its own (`random.fork(label)`), so a change in one phase does not reshuffle another;
 * only `people` and the resident IDs are one stream for the whole county.
 */

export interface Member extends MemberInput {
  sex: Sex;
  birthDate: IsoDate;
  health: Health;
  laborAbility: LaborAbility;
  inSchool: boolean;
}

export interface Step {
  date: IsoDate;
  command: HouseholdCommand;
  rectifies?: { visit: Step; index: number };
  commandId?: string;
}

export interface Draft {
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

export function line(year: number): number {
  const value = POVERTY_LINE_YUAN[year];
  if (value === undefined) throw new RangeError(`no poverty line for ${year}`);
  return value;
}

const LAST_DAY = '2020-12-31';

/** The member as a cadre enters it (sex and birth date come from the resident ID). */
export function toInput({
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

export class Planner {
  readonly random: Random;
  readonly ids: ResidentIdIssuer;
  readonly people: Random;
  private readonly cadres = new Map<string, string[]>();

  constructor(
    readonly seed: number,
    readonly scale: number,
    readonly targets: DemoTargets,
  ) {
    this.random = new Random(`demo-county/${seed}`);
    this.people = this.random.fork('people');
    this.ids = new ResidentIdIssuer(this.random.fork('resident-ids'), DEMO_COUNTY.code);
  }

  /** Adds a command to the household's history; `finish` sorts the history by date. */
  step(d: Draft, date: IsoDate, command: HouseholdCommand, rectifies?: Step['rectifies']): Step {
    if (date > LAST_DAY) throw new Error(`household ${d.index}: ${command.type} dated ${date}`);
    const step: Step = { date, command, ...(rectifies && { rectifies }) };
    d.steps.push(step);
    return step;
  }

  /** The village work team: three cadres per village, fixed by the seed. */
  cadre(d: Draft, r: Random): string {
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

  income(d: Draft, year: number, on: IsoDate, yuan: number): void {
    this.step(d, on, {
      type: 'RecordIncomeAssessment',
      year,
      perCapitaNetIncomeFen: yuan * 100,
      effectiveDate: on,
    });
  }

  assist(
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

  /** A problem found on `visit`, and its rectification by the deadline. */
  problem(r: Random, d: Draft, visit: Step, description: string, deadline: IsoDate): void {
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
}
