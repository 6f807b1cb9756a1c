import type { Kysely } from 'kysely';
import type { TableShape } from '#app/event-store';
import type {
  Health,
  LaborAbility,
  Member,
  MemberChangeReason,
  Relation,
  Sex,
} from '../../domain/index.js';
import { householdProjection, type RecordedHouseholdEvent } from '../household-event.js';
import {
  causeOf,
  closeIntervals,
  createValidityIndex,
  openBefore,
  openInterval,
  type IntervalColumns,
  type OpenedInterval,
} from '../history/intervals.js';

export const MEMBERS_TABLE = 'household_members';

/** One membership interval of a person in a household. Booleans are 0/1. */
export interface MemberRow extends IntervalColumns {
  id_number: string;
  name: string;
  relation: Relation;
  sex: Sex;
  birth_date: string;
  health: Health | null;
  labor_ability: LaborAbility | null;
  in_school: number | null;
  start_reason: MemberChangeReason | 'REGISTRATION';
  end_reason: MemberChangeReason | 'DEREGISTERED' | null;
}

const MEMBERS_SHAPE: TableShape<MemberRow> = {
  table: MEMBERS_TABLE,
  columns: [
    'household_id',
    'id_number',
    'from_revision',
    'from_position',
    'name',
    'relation',
    'sex',
    'birth_date',
    'health',
    'labor_ability',
    'in_school',
    'valid_from',
    'valid_to',
    'to_revision',
    'to_position',
    'start_reason',
    'end_reason',
  ],
  key: ['household_id', 'id_number', 'from_revision'],
};

/** A member's row as a registration or an arrival opens it. */
function memberRow(
  event: RecordedHouseholdEvent,
  member: Member,
  reason: MemberRow['start_reason'],
): OpenedInterval<MemberRow> {
  return {
    household_id: event.householdId,
    id_number: member.idNumber,
    from_revision: event.revision,
    from_position: event.position,
    name: member.name,
    relation: member.relation,
    sex: member.sex,
    birth_date: member.birthDate,
    health: member.health ?? null,
    labor_ability: member.laborAbility ?? null,
    in_school: member.inSchool === undefined ? null : member.inSchool ? 1 : 0,
    valid_from: event.data.effectiveDate,
    start_reason: reason,
    end_reason: null,
  };
}

/**
 * Membership history (who belonged to which household, from when to when). Its open rows are the
 * member index by resident ID that the "one person, one household" rule reads.
 */
export const membershipProjection = householdProjection<{ members: MemberRow }>({
  name: 'membership',
  // 2: bitemporal positions (from_position/to_position etc.) for reports as known at a position.
  version: 2,
  // Arrivals only insert; departures and deregistration close what is loaded.
  tables: {
    members: {
      shape: MEMBERS_SHAPE,
      partition: 'household_id',
      loadFor: ['MemberRemoved', 'HouseholdDeregistered'],
    },
  },
  on: {
    HouseholdRegistered: (e, { members }) => {
      for (const m of e.data.members) openInterval(members, memberRow(e, m, 'REGISTRATION'));
    },
    MemberAdded: (e, { members }) =>
      openInterval(members, memberRow(e, e.data.member, e.data.reason)),
    MemberRemoved: (e, { members }) => {
      const { idNumber, newHeadIdNumber, reason } = e.data;
      closeIntervals(
        members,
        e.data.effectiveDate,
        causeOf(e),
        (row) => row.id_number === idNumber,
        { end_reason: reason },
      );
      // A member who joins after this event must not be made head by a replay of it.
      for (const row of openBefore(members, causeOf(e), (r) => r.id_number === newHeadIdNumber)) {
        members.update(row, { relation: 'HEAD' });
      }
    },
    HouseholdDeregistered: (e, { members }) =>
      closeIntervals(members, e.data.effectiveDate, causeOf(e), () => true, {
        end_reason: 'DEREGISTERED',
      }),
  },
  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable(MEMBERS_TABLE)
      .ifNotExists()
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('from_revision', 'integer', (c) => c.notNull())
      .addColumn('from_position', 'bigint', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('relation', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('health', 'text')
      .addColumn('labor_ability', 'text')
      .addColumn('in_school', 'integer')
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_to', 'text')
      .addColumn('to_revision', 'integer')
      .addColumn('to_position', 'bigint')
      .addColumn('start_reason', 'text', (c) => c.notNull())
      .addColumn('end_reason', 'text')
      .addPrimaryKeyConstraint('household_members_pk', [
        'household_id',
        'id_number',
        'from_revision',
      ])
      .execute();
    await db.schema
      .createIndex('household_members_id_number')
      .ifNotExists()
      .on(MEMBERS_TABLE)
      .columns(['id_number', 'to_revision'])
      .execute();
    await createValidityIndex(db, MEMBERS_TABLE);
    // Covering index for "people per household at a date" (statistics, the year-end report):
    // an index-only scan instead of a table lookup per member.
    await db.schema
      .createIndex('household_members_people_at')
      .ifNotExists()
      .on(MEMBERS_TABLE)
      .columns(['household_id', 'valid_from', 'valid_to', 'from_position', 'to_position'])
      .execute();
  },
});
