import { describe, expect, it } from '@jest/globals';
import type { HouseholdEvent } from '../../domain/index.js';
import { ev, ids, member, projectionSpec, type Row } from '../testing/projection-harness.js';
import { MEMBERS_TABLE, membershipProjection as projection } from './membership.projection.js';

const H = ids.household(1);
const head = member('张三', 'HEAD', '1970-05-06', 'MALE', {
  seq: 11,
  laborAbility: 'FULL',
  health: 'HEALTHY',
});
const spouse = member('李四', 'SPOUSE', '1972-08-09', 'FEMALE', { seq: 12, inSchool: false });
const child = member('张小', 'CHILD', '2008-01-02', 'MALE', { seq: 13, inSchool: true });
const baby = member('张幼', 'GRANDCHILD', '2019-01-02', 'FEMALE', { seq: 14 });

const registration = (members = [head, spouse, child]) =>
  ev.registered({ householdId: H, effectiveDate: '2018-03-01', members });

describe('membership projection', () => {
  const spec = projectionSpec(projection, 'membership-');

  const record = (...events: HouseholdEvent[]) => spec.record(H, ...events);
  /** Rows of the household ordered by (from_revision, id_number). */
  const rows = async (householdId = H) =>
    (await spec.db
      .selectFrom(MEMBERS_TABLE)
      .selectAll()
      .where('household_id', '=', householdId)
      .orderBy('from_revision')
      .orderBy('id_number')
      .execute()) as Row[];
  const rowOf = async (idNumber: string) => (await rows()).filter((r) => r.id_number === idNumber);

  it('handles registrations, member changes and deregistration only', () => {
    expect([...projection.handles].sort()).toEqual([
      'HouseholdDeregistered',
      'HouseholdRegistered',
      'MemberAdded',
      'MemberRemoved',
    ]);
    expect(projection.tables).toEqual([MEMBERS_TABLE]);
  });

  it('HouseholdRegistered opens one interval per member with the member facts', async () => {
    await record(registration());
    const all = await rows();
    expect(all).toHaveLength(3);
    expect(await rowOf(head.idNumber)).toEqual([
      {
        household_id: H,
        id_number: head.idNumber,
        from_revision: 0,
        from_position: 1,
        name: '张三',
        relation: 'HEAD',
        sex: 'MALE',
        birth_date: '1970-05-06',
        health: 'HEALTHY',
        labor_ability: 'FULL',
        in_school: null,
        valid_from: '2018-03-01',
        valid_to: null,
        to_revision: null,
        to_position: null,
        start_reason: 'REGISTRATION',
        end_reason: null,
      },
    ]);
    expect(await rowOf(spouse.idNumber)).toEqual([
      expect.objectContaining({ relation: 'SPOUSE', sex: 'FEMALE', in_school: 0, health: null }),
    ]);
    expect(await rowOf(child.idNumber)).toEqual([
      expect.objectContaining({ relation: 'CHILD', in_school: 1, birth_date: '2008-01-02' }),
    ]);
  });

  it('MemberAdded opens an interval from the event revision with its reason', async () => {
    await record(registration());
    await record(ev.memberAdded(baby, 'BIRTH', '2019-01-10'));
    expect(await rowOf(baby.idNumber)).toEqual([
      expect.objectContaining({
        from_revision: 1,
        relation: 'GRANDCHILD',
        sex: 'FEMALE',
        valid_from: '2019-01-10',
        valid_to: null,
        to_revision: null,
        start_reason: 'BIRTH',
      }),
    ]);
    expect(await rows()).toHaveLength(4);
  });

  it('MemberRemoved closes that member only, with date, revision and reason', async () => {
    await record(registration());
    await record(ev.memberRemoved(child.idNumber, 'MOVED', '2020-09-01'));
    expect(await rowOf(child.idNumber)).toEqual([
      expect.objectContaining({
        valid_to: '2020-09-01',
        to_revision: 1,
        end_reason: 'MOVED',
        relation: 'CHILD',
      }),
    ]);
    const open = (await rows()).filter((r) => r.to_revision === null).map((r) => r.id_number);
    expect(open.sort()).toEqual([head.idNumber, spouse.idNumber].sort());
  });

  it('MemberRemoved of the head with a new head makes that member HEAD', async () => {
    await record(registration());
    await record(ev.memberRemoved(head.idNumber, 'DEATH', '2020-02-02', spouse.idNumber));
    expect(await rowOf(head.idNumber)).toEqual([
      expect.objectContaining({
        relation: 'HEAD',
        valid_to: '2020-02-02',
        to_revision: 1,
        end_reason: 'DEATH',
      }),
    ]);
    expect(await rowOf(spouse.idNumber)).toEqual([
      expect.objectContaining({ relation: 'HEAD', valid_to: null, to_revision: null }),
    ]);
    const openHeads = (await rows()).filter((r) => r.to_revision === null && r.relation === 'HEAD');
    expect(openHeads).toHaveLength(1);
  });

  it('a member removed and added again has a closed and an open interval', async () => {
    await record(registration());
    await record(
      ev.memberRemoved(child.idNumber, 'MOVED', '2020-09-01'),
      ev.memberAdded(child, 'MOVED', '2021-07-01'),
    );
    expect(await rowOf(child.idNumber)).toEqual([
      expect.objectContaining({
        from_revision: 0,
        valid_to: '2020-09-01',
        to_revision: 1,
        end_reason: 'MOVED',
      }),
      expect.objectContaining({
        from_revision: 2,
        valid_from: '2021-07-01',
        valid_to: null,
        start_reason: 'MOVED',
      }),
    ]);
  });

  it('HouseholdDeregistered closes every open interval and leaves closed ones as they were', async () => {
    await record(registration());
    await record(ev.memberRemoved(child.idNumber, 'MARRIAGE_OUT', '2020-09-01'));
    await record(ev.deregistered('2021-01-01', 'HOUSEHOLD_GONE'));
    const byId = Object.fromEntries((await rows()).map((r) => [r.id_number, r]));
    expect(byId[head.idNumber]).toMatchObject({
      valid_to: '2021-01-01',
      to_revision: 2,
      end_reason: 'DEREGISTERED',
    });
    expect(byId[spouse.idNumber]).toMatchObject({
      valid_to: '2021-01-01',
      to_revision: 2,
      end_reason: 'DEREGISTERED',
    });
    expect(byId[child.idNumber]).toMatchObject({
      valid_to: '2020-09-01',
      to_revision: 1,
      end_reason: 'MARRIAGE_OUT',
    });
  });

  it('keeps households apart: closing intervals in one household leaves the same person open in another', async () => {
    const other = ids.household(2);
    await record(registration());
    await spec.record(other, ev.otherHouseholdRegistered(other, '2019-01-01', false));
    await record(ev.memberRemoved(child.idNumber, 'MOVED', '2020-09-01'));
    await spec.record(
      other,
      ev.memberAdded({ ...child, relation: 'OTHER' }, 'MOVED', '2020-09-02'),
    );
    await record(ev.deregistered('2021-01-01', 'HOUSEHOLD_GONE'));

    expect(
      (await rows(other)).map((r) => [
        r.id_number,
        r.relation,
        r.from_revision,
        r.valid_from,
        r.to_revision,
      ]),
    ).toEqual([
      [expect.any(String), 'HEAD', 0, '2019-01-01', null],
      [child.idNumber, 'OTHER', 1, '2020-09-02', null],
    ]);
    expect(await rowOf(child.idNumber)).toEqual([
      expect.objectContaining({ valid_to: '2020-09-01', to_revision: 1, end_reason: 'MOVED' }),
    ]);
  });

  it('applying a whole household history twice gives the same rows', async () => {
    const events = spec.log.add(
      H,
      registration(),
      ev.memberAdded(baby, 'BIRTH', '2019-01-10'),
      ev.memberRemoved(child.idNumber, 'MOVED', '2020-09-01'),
      ev.memberRemoved(head.idNumber, 'DEATH', '2021-02-02', spouse.idNumber),
      ev.memberAdded(child, 'MOVED', '2021-07-01'),
      ev.income(2021, 500_000, '2021-11-01'),
      ev.deregistered('2022-01-01', 'OTHER'),
    );
    const { once, twice } = await spec.applyTwice(events);

    expect(twice).toEqual(once);
    expect(once[MEMBERS_TABLE]).toHaveLength(5);
    expect(once[MEMBERS_TABLE]!.every((r) => r.to_revision !== null)).toBe(true);
    expect(once[MEMBERS_TABLE]!.filter((r) => r.end_reason === 'DEREGISTERED')).toHaveLength(3);
  });

  it('replaying a head change does not make a later re-added former new head HEAD again', async () => {
    // spouse becomes head (rev 1), leaves naming the child head (rev 2), comes back as SPOUSE (rev 3).
    const returning = { ...spouse, relation: 'SPOUSE' as const };
    const events = spec.log.add(
      H,
      registration(),
      ev.memberRemoved(head.idNumber, 'DEATH', '2020-02-02', spouse.idNumber),
      ev.memberRemoved(spouse.idNumber, 'MOVED', '2020-06-01', child.idNumber),
      ev.memberAdded(returning, 'MOVED', '2021-01-01'),
    );
    await spec.apply(events);
    const once = await spec.dump();
    expect((await rowOf(spouse.idNumber)).map((r) => [r.from_revision, r.relation])).toEqual([
      [0, 'HEAD'],
      [3, 'SPOUSE'],
    ]);

    await spec.apply(events);
    expect((await rowOf(spouse.idNumber)).map((r) => [r.from_revision, r.relation])).toEqual([
      [0, 'HEAD'],
      [3, 'SPOUSE'],
    ]);
    expect(await spec.dump()).toEqual(once);
  });
});
