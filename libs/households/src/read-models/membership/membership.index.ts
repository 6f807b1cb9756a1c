import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type {
  MembershipIndex,
  Memberships,
} from '../../household-command/membership-index.port.js';
import { READ_DB } from '../../shared/tokens.js';
import type { ReadModels } from '../read-models.js';
import { MEMBERS_TABLE } from './membership.projection.js';

/** The member index as the membership projection keeps it: its open rows, by resident ID. */
@Injectable()
export class MembershipReadModelIndex implements MembershipIndex {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModels>) {}

  async lookUp(idNumbers: readonly string[]): Promise<Memberships> {
    const memberships = new Map<string, string>();
    const membershipEnds = new Map<string, string>();
    if (idNumbers.length === 0) return { memberships, membershipEnds };
    const rows = await this.db
      .selectFrom(MEMBERS_TABLE)
      .select(['id_number', 'household_id', 'valid_to'])
      .where('id_number', 'in', [...idNumbers])
      .execute();
    for (const { id_number: id, household_id: household, valid_to: left } of rows) {
      if (left === null) {
        memberships.set(id, household);
        continue;
      }
      const previous = membershipEnds.get(id);
      if (previous === undefined || left > previous) membershipEnds.set(id, left);
    }
    return { memberships, membershipEnds };
  }
}
