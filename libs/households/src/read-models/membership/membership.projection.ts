import type { Kysely, Transaction } from 'kysely';
import type { Projection, ProjectionBatch, RecordedEvent, TableShape } from '#app/event-store';
import type { Member } from '../../domain/index.js';
import { asHouseholdEvent, handlesOf, householdIdOf } from '../household-event.js';
import {
  closeIntervals,
  createValidityIndex,
  IntervalRows,
  openInterval,
  type IntervalKey,
} from '../history/intervals.js';

export const MEMBERS_TABLE = 'household_members';

const MEMBERS_SHAPE: TableShape = {
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

type MemberRow = IntervalKey & Record<string, unknown>;

/** A member's row as a registration or an arrival opens it. */
function memberRow(
  event: RecordedEvent,
  member: Member,
  reason: string,
  on: string,
): IntervalKey & { valid_from: string } & Record<string, unknown> {
  return {
    household_id: householdIdOf(event),
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
    valid_from: on,
    start_reason: reason,
    end_reason: null,
  };
}

/** The batch path: what `apply` does, on the touched households' rows held in memory. */
function membershipBatch(trx: Transaction<any>): ProjectionBatch {
  const rows = new IntervalRows<MemberRow>(MEMBERS_SHAPE);
  return {
    async add(recorded) {
      await rows.load(trx, recorded.map(householdIdOf));
      for (const event of recorded.map(asHouseholdEvent)) {
        const id = householdIdOf(event);
        const by = { revision: event.revision, position: event.position };
        const on = event.data.effectiveDate;
        switch (event.type) {
          case 'HouseholdRegistered':
            for (const m of event.data.members) rows.open(memberRow(event, m, 'REGISTRATION', on));
            break;
          case 'MemberAdded':
            rows.open(memberRow(event, event.data.member, event.data.reason, on));
            break;
          case 'MemberRemoved':
            rows.close(
              id,
              on,
              by,
              { id_number: event.data.idNumber },
              { end_reason: event.data.reason },
            );
            if (event.data.newHeadIdNumber) {
              rows.update(id, by, { id_number: event.data.newHeadIdNumber }, { relation: 'HEAD' });
            }
            break;
          case 'HouseholdDeregistered':
            rows.close(id, on, by, {}, { end_reason: 'DEREGISTERED' });
            break;
          default:
            break;
        }
      }
    },
    flush: () => rows.flush(trx),
  };
}

/**
 * Membership history (who belonged to which household, from when to when). Its open rows are the
 * member index by resident ID that the "one person, one household" rule reads.
 */
export const membershipProjection: Projection = {
  name: 'membership',
  // 2: bitemporal positions (from_position/to_position etc.) for reports as known at a position.
  version: 2,
  handles: handlesOf(
    'HouseholdRegistered',
    'MemberAdded',
    'MemberRemoved',
    'HouseholdDeregistered',
  ),
  tables: [MEMBERS_TABLE],
  async migrate(db: Kysely<any>) {
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
  async apply(trx: Transaction<any>, recorded: RecordedEvent) {
    const event = asHouseholdEvent(recorded);
    const id = householdIdOf(event);
    const rev = event.revision;
    const by = { revision: rev, position: event.position };
    const on = event.data.effectiveDate;
    const add = (member: Member, reason: string) =>
      openInterval(trx, MEMBERS_TABLE, memberRow(event, member, reason, on), MEMBERS_SHAPE.key);
    switch (event.type) {
      case 'HouseholdRegistered':
        for (const m of event.data.members) await add(m, 'REGISTRATION');
        return;
      case 'MemberAdded':
        return add(event.data.member, event.data.reason);
      case 'MemberRemoved':
        await closeIntervals(
          trx,
          MEMBERS_TABLE,
          id,
          on,
          by,
          { id_number: event.data.idNumber },
          {
            end_reason: event.data.reason,
          },
        );
        if (event.data.newHeadIdNumber) {
          await trx
            .updateTable(MEMBERS_TABLE)
            .set({ relation: 'HEAD' })
            .where('household_id', '=', id)
            .where('id_number', '=', event.data.newHeadIdNumber)
            .where('to_revision', 'is', null)
            // A member who joins after this event must not be made head by a replay of it.
            .where('from_revision', '<', rev)
            .execute();
        }
        return;
      case 'HouseholdDeregistered':
        return closeIntervals(trx, MEMBERS_TABLE, id, on, by, {}, { end_reason: 'DEREGISTERED' });
      default:
        return;
    }
  },
  batch: membershipBatch,
};
