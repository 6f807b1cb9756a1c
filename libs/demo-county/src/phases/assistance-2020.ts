import { addDays, type AssistanceCategory, type IsoDate } from '#app/households';
import type { CategoryTarget } from '../calibration.js';
import { between } from '../dates.js';
import { apportion, splitAmount, type Random } from '../random.js';
import { eliminate } from './monitoring.js';
import type { Draft, Member, Planner } from './planner.js';

/**
 * Phase 5: the 2020 assistance, category by category, so that each category's totals match the
 * reference figures exactly; then the risk eliminations that needed that assistance.
 */

/** The year's assistance by category, totals split exactly over the recipients. */
export function assistance2020(planner: Planner, drafts: readonly Draft[]): void {
  const r = planner.random.fork('assistance-2020');
  const t = planner.targets.assistance;
  const registered = drafts.filter(
    (d) => d.role === 'REMAINING' || d.role === 'EXITED' || d.role === 'UNSTABLE_EXITED',
  );
  const active = drafts.filter((d) => d.role !== 'WRONGLY_REGISTERED');
  const finalMembers = new Map(drafts.map((d) => [d, membersAtEnd(d)]));
  const count = (d: Draft, test: (m: Member) => boolean) =>
    finalMembers.get(d)!.filter(test).length;
  const labour = (d: Draft) => count(d, (m) => m.laborAbility !== 'NONE');
  const students = (d: Draft) => count(d, (m) => m.inSchool);
  const size = (d: Draft) => finalMembers.get(d)!.length;
  const inYear = (from = '2020-01-06', to = '2020-12-20') => between(r, from, to);
  const monitored = (d: Draft) =>
    between(r, addDays(d.monitoringFrom!, 15), addDays(d.monitoringFrom!, 45));

  // Industry: every registered household, in benefit linkage with its members.
  allocate(
    planner,
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
  allocate(
    planner,
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
  allocate(
    planner,
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
  allocate(
    planner,
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
  allocate(
    planner,
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
  allocate(
    planner,
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
  allocate(
    planner,
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
    allocate(
      planner,
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
  allocate(
    planner,
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
  allocate(planner, r, 'SOCIAL', t.SOCIAL, [
    ...edge.map((d) => ({ d, date: monitored(d), weight: r.int(10, 30), people: size(d) })),
    ...others.map((d) => ({ d, date: inYear(), weight: r.int(10, 30), people: size(d) })),
  ]);

  for (const d of drafts) if (d.monitoringFrom) eliminate(planner, r, d);
}

function allocate(
  planner: Planner,
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
  records.forEach((x, i) => planner.assist(x.d, category, x.date, amounts[i]!, people[i]!, r));
}

/** Members at the end of 2020 (member changes all happen before). */
function membersAtEnd(d: Draft): Member[] {
  const removed = new Set(
    d.steps.flatMap(({ command }) => (command.type === 'RemoveMember' ? [command.idNumber] : [])),
  );
  return [...d.members.filter((m) => !removed.has(m.idNumber)), ...(d.added ? [d.added] : [])];
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
