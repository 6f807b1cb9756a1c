import type { AssistanceCategory } from '#app/households';

/** 万元 with two decimals ("3214.63") → fen (1 万元 = 1,000,000 fen), exactly. */
export function wanYuanToFen(wan: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(wan);
  if (!match) throw new RangeError(`not an amount in 万元: "${wan}"`);
  return (Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))) * 10_000;
}

export interface AssistanceTarget {
  /** Total amount recorded in 2020, in 万元. */
  amountWan: string;
  /** Sum of peopleReached over the year's records, when the reference gives it. */
  peopleReached?: number;
  /** Distinct households assisted in the year, when the reference gives it. */
  households?: number;
}

/**
 * The generator's input: Yongxing county's 2020 figures from the reference self-evaluation
 * (../shared/docs/DOMAIN.md, "Year-end figures"). The demo county is built so that the figures
 * computed from its events reproduce these exactly; nothing downstream reads this constant to
 * print a figure.
 */
export const YONGXING_2020 = {
  /** Registered poor (poor + exited) after dynamic adjustment, at 2020-12-31. */
  registered: { households: 9619, people: 29001 },
  /** Registered poor not yet exited at 2019-12-31; all of them exit during 2020. */
  remainingAtStartOf2020: { households: 771, people: 1700 },
  /** Removed as wrongly registered (错评) after the review campaign: 9655 − 36 = 9619. */
  wronglyRegistered: { households: 36 },
  /** The 2020 review campaign (回头看), January to May. */
  review: {
    registeredPoorHouseholds: 9655,
    nonRegisteredHouseholds: 5972,
    problems: 1210,
    rectifiedBy: '2020-06-30',
  },
  /** Edge households (边缘户) at 2020-12-31; all monitored and risk-eliminated in 2020. */
  edge: { households: 426, people: 1117 },
  /** Unstable exited households (脱贫不稳定户) monitored and risk-eliminated in 2020. */
  unstableExited: { households: 262, people: 598 },
  /** The county's 2020 monitoring line, yuan: every eliminated household's income is at least this. */
  monitoringIncomeYuan: 5000,
  /** Assistance in 2020 by category. */
  assistance: {
    INDUSTRY: { amountWan: '3214.63', peopleReached: 29060 },
    EMPLOYMENT: { amountWan: '401.09', peopleReached: 11415 },
    MICRO_CREDIT: { amountWan: '5253.34' },
    EDUCATION: { amountWan: '1235.27', peopleReached: 25910 },
    HEALTH: { amountWan: '5788.78', peopleReached: 10700 },
    BOTTOM_LINE_SECURITY: { amountWan: '2735.92', peopleReached: 7900, households: 3520 },
    DISABILITY_SUBSIDY: { amountWan: '835.66' },
    HOUSING_RENOVATION: { amountWan: '702.50', households: 281 },
    RELOCATION_FOLLOW_UP: { amountWan: '188.60', households: 630 },
    DRINKING_WATER: { amountWan: '46.35', households: 310 },
    CONSUMPTION: { amountWan: '326.80', households: 1500 },
    SOCIAL: { amountWan: '152.40', households: 820 },
  } satisfies Record<AssistanceCategory, AssistanceTarget>,
} as const;

/**
 * Assistance figures of YONGXING_2020 that come from the reference; the others (housing amount,
 * relocation, drinking water, consumption, social) are plausible values of our own.
 */
export const REFERENCE_ASSISTANCE_FIELDS: Readonly<
  Partial<Record<AssistanceCategory, readonly (keyof AssistanceTarget)[]>>
> = {
  INDUSTRY: ['amountWan', 'peopleReached'],
  EMPLOYMENT: ['amountWan', 'peopleReached'],
  MICRO_CREDIT: ['amountWan'],
  EDUCATION: ['amountWan', 'peopleReached'],
  HEALTH: ['amountWan', 'peopleReached'],
  BOTTOM_LINE_SECURITY: ['amountWan', 'peopleReached', 'households'],
  DISABILITY_SUBSIDY: ['amountWan'],
  HOUSING_RENOVATION: ['households'],
};

export interface Figure {
  households: number;
  people: number;
}

export interface CategoryTarget {
  amountFen: number;
  /** Sum of peopleReached to reach exactly, or undefined for "whatever the recipients are". */
  peopleReached?: number;
  /** Distinct households, or undefined for the generator's own choice. */
  households?: number;
}

/** The figures a generated county reproduces: the reference at scale 1, shrunk otherwise. */
export interface DemoTargets {
  scale: number;
  registered: Figure;
  remainingAtStartOf2020: Figure;
  wronglyRegistered: { households: number };
  review: {
    registeredPoorHouseholds: number;
    nonRegisteredHouseholds: number;
    problems: number;
    rectifiedBy: string;
  };
  edge: Figure;
  unstableExited: Figure;
  monitoringIncomeYuan: number;
  assistance: Record<AssistanceCategory, CategoryTarget>;
}

/**
 * The targets at `scale` (0 < scale ≤ 1): every count, sum of people and amount shrunk in
 * proportion and rounded (amounts to whole yuan), with at least one household wherever the
 * reference has some, so that a small county still exercises every path.
 */
export function demoTargets(scale = 1): DemoTargets {
  if (!(scale > 0 && scale <= 1)) {
    throw new RangeError(`scale must be in (0, 1], got ${scale}`);
  }
  const n = (value: number) => Math.max(1, Math.round(value * scale));
  const figure = (f: Figure): Figure => {
    const households = n(f.households);
    // Keep the reference's people per household, within what households can hold.
    const people = Math.round((f.people * households) / f.households);
    return { households, people: Math.max(households, people) };
  };
  const ref = YONGXING_2020;
  const wrong = n(ref.wronglyRegistered.households);
  const remaining = figure(ref.remainingAtStartOf2020);
  const unstable = figure(ref.unstableExited);
  let registered = figure(ref.registered);
  // Room for the exited households the other groups are drawn from.
  const minimum = remaining.households + unstable.households + wrong + 1;
  if (registered.households < minimum) {
    registered = { households: minimum, people: Math.max(registered.people, minimum) };
  }
  const edge = figure(ref.edge);
  const assistance = {} as Record<AssistanceCategory, CategoryTarget>;
  for (const [category, target] of Object.entries(ref.assistance) as [
    AssistanceCategory,
    AssistanceTarget,
  ][]) {
    const fen = wanYuanToFen(target.amountWan);
    assistance[category] = {
      amountFen: scale === 1 ? fen : Math.max(100, Math.round((fen * scale) / 100) * 100),
      ...(target.peopleReached !== undefined && { peopleReached: n(target.peopleReached) }),
      ...(target.households !== undefined && { households: n(target.households) }),
    };
  }
  return {
    scale,
    registered,
    remainingAtStartOf2020: remaining,
    wronglyRegistered: { households: wrong },
    review: {
      registeredPoorHouseholds: registered.households + wrong,
      nonRegisteredHouseholds: Math.max(n(ref.review.nonRegisteredHouseholds), edge.households),
      problems: n(ref.review.problems),
      rectifiedBy: ref.review.rectifiedBy,
    },
    edge,
    unstableExited: unstable,
    monitoringIncomeYuan: ref.monitoringIncomeYuan,
    assistance,
  };
}
