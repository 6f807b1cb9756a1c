import {
  addDays,
  yearOf,
  type Health,
  type IsoDate,
  type LaborAbility,
  type Relation,
  type Sex,
} from '#app/households';
import { birthIn, between, maxOf } from '../dates.js';
import { givenName, surname } from '../people.js';
import type { Random } from '../random.js';
import { toInput, type Draft, type Member, type Planner } from './planner.js';

/**
 * Part of phase 2: who lives in a household. Members are drawn from the planner's `people`
 * stream (shared by all households, in household order); the member changes from the
 * household's own stream.
 */

type Need = { kind: 'parent' } | { kind: 'daughter'; adultBy: IsoDate };

/** Members at registration, and at most one change (birth, death, marriage) before 2020. */
export function membersAndChanges(
  planner: Planner,
  r: Random,
  d: Draft,
  registered: boolean,
): void {
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
  const { members, needed } = compose(
    planner,
    d,
    d.size - adds + removes,
    headAge,
    registered,
    need,
  );
  d.members = members;
  if (!change || !on) return;
  if (change === 'DEATH' || change === 'MARRIAGE_OUT') {
    planner.step(d, on, {
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
      ? person(
          planner,
          yearOf(on) - yearOf(head.birthDate) < 50 ? 'CHILD' : 'GRANDCHILD',
          r.chance(0.52) ? 'MALE' : 'FEMALE',
          on,
          d.family,
          registered,
        )
      : person(
          planner,
          'OTHER',
          'FEMALE',
          birthIn(r, yearOf(on) - r.int(21, 30), on),
          surname(r),
          registered,
        );
  d.added = member;
  planner.step(d, on, {
    type: 'AddMember',
    member: toInput(member),
    reason: change,
    effectiveDate: on,
  });
}

function compose(
  planner: Planner,
  d: Draft,
  size: number,
  [youngest, oldest]: [number, number],
  registered: boolean,
  need?: Need,
): { members: Member[]; needed?: Member } {
  const r = planner.people;
  const regYear = yearOf(d.registeredOn);
  let headYear = regYear - r.int(youngest, oldest);
  if (need?.kind === 'parent') headYear = Math.max(headYear, regYear - 60);
  if (need?.kind === 'daughter') headYear = Math.min(headYear, yearOf(need.adultBy) - 42);
  d.family = surname(r);
  const headSex: Sex = r.chance(0.86) ? 'MALE' : 'FEMALE';
  const born = (year: number) => birthIn(r, Math.min(year, regYear), d.registeredOn);
  const members: Member[] = [
    person(planner, 'HEAD', headSex, born(headYear), d.family, registered),
  ];
  let needed: Member | undefined;
  let parents = 0;
  const parent = () => {
    parents++;
    return person(
      planner,
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
    members.push((needed = person(planner, 'CHILD', 'FEMALE', born(year), d.family, registered)));
  }
  if (members.length < size && r.chance(0.85)) {
    const sex: Sex = headSex === 'MALE' ? 'FEMALE' : 'MALE';
    const year = headYear + (sex === 'FEMALE' ? r.int(-1, 5) : r.int(-5, 1));
    members.push(person(planner, 'SPOUSE', sex, born(year), surname(r), registered));
  }
  while (members.length < size) {
    const headAge = regYear - headYear;
    if (headAge < 58 && parents < 2 && r.chance(0.18)) {
      members.push(parent());
    } else {
      const grandchild = headAge >= 55 && r.chance(0.45);
      const year = headYear + (grandchild ? r.int(44, 60) : r.int(20, 38));
      members.push(
        person(
          planner,
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

function person(
  planner: Planner,
  relation: Relation,
  sex: Sex,
  birthDate: IsoDate,
  family: string,
  registered: boolean,
): Member {
  const r = planner.people;
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
    idNumber: planner.ids.issue(birthDate, sex),
    relation,
    sex,
    birthDate,
    health,
    laborAbility,
    inSchool,
  };
}
