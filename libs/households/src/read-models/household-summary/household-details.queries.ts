import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { sql, type Kysely } from 'kysely';
import type { EventStore } from '#app/event-store';
import { householdStream } from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { CLOCK, EVENT_STORE, READ_DB } from '../../shared/tokens.js';
import type { ReadModels } from '../read-models.js';
import { toBool, toFenOrNull } from '../sql-helpers.js';
import type {
  HouseholdAssistance,
  HouseholdHistoryEntry,
  HouseholdMember,
  HouseholdProblem,
  HouseholdVisit,
} from './household.types.js';

/**
 * The lists behind a household's @ResolveField fields; each is loaded only when asked for.
 * The household id comes from the parent Household, so it is already known to be valid.
 */

// ---- members: the open rows of the membership history ----

export class GetHouseholdMembersQuery extends Query<HouseholdMember[]> {
  constructor(readonly householdId: string) {
    super();
  }
}

@QueryHandler(GetHouseholdMembersQuery)
export class GetHouseholdMembersHandler implements IQueryHandler<GetHouseholdMembersQuery> {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModels>) {}

  /** Current members: head first, then in the order they joined. */
  async execute({ householdId }: GetHouseholdMembersQuery): Promise<HouseholdMember[]> {
    const rows = await this.db
      .selectFrom('household_members as m')
      .selectAll('m')
      .where('m.household_id', '=', householdId)
      .where('m.valid_to', 'is', null)
      .orderBy(sql`case when m.relation = 'HEAD' then 0 else 1 end`)
      .orderBy('m.valid_from')
      .orderBy('m.from_revision')
      .orderBy('m.birth_date')
      .orderBy('m.id_number')
      .execute();
    return rows.map((m) => ({
      name: m.name,
      idNumber: m.id_number,
      relation: m.relation,
      relationLabel: LABELS.relation[m.relation],
      sex: m.sex,
      birthDate: m.birth_date,
      health: m.health,
      laborAbility: m.labor_ability,
      inSchool: m.in_school === null ? null : toBool(m.in_school),
      since: m.valid_from,
    }));
  }
}

// ---- problems ----

export class GetHouseholdProblemsQuery extends Query<HouseholdProblem[]> {
  constructor(readonly householdId: string) {
    super();
  }
}

@QueryHandler(GetHouseholdProblemsQuery)
export class GetHouseholdProblemsHandler implements IQueryHandler<GetHouseholdProblemsQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModels>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Newest first; `overdue` is judged against today. */
  async execute({ householdId }: GetHouseholdProblemsQuery): Promise<HouseholdProblem[]> {
    const today = this.clock.today();
    const rows = await this.db
      .selectFrom('problems as p')
      .selectAll('p')
      .where('p.household_id', '=', householdId)
      .orderBy('p.found_on', 'desc')
      .orderBy('p.revision', 'desc')
      .execute();
    return rows.map((p) => ({
      id: p.problem_id,
      visitId: p.visit_id,
      description: p.description,
      foundOn: p.found_on,
      deadline: p.deadline,
      rectifiedOn: p.rectified_on,
      measures: p.measures,
      overdue: p.rectified_on === null && p.deadline < today,
    }));
  }
}

// ---- visits ----

export class GetHouseholdVisitsQuery extends Query<HouseholdVisit[]> {
  constructor(readonly householdId: string) {
    super();
  }
}

@QueryHandler(GetHouseholdVisitsQuery)
export class GetHouseholdVisitsHandler implements IQueryHandler<GetHouseholdVisitsQuery> {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModels>) {}

  /** Newest first. */
  async execute({ householdId }: GetHouseholdVisitsQuery): Promise<HouseholdVisit[]> {
    const rows = await this.db
      .selectFrom('visits as v')
      .selectAll('v')
      .where('v.household_id', '=', householdId)
      .orderBy('v.date', 'desc')
      .orderBy('v.revision', 'desc')
      .execute();
    return rows.map((v) => ({
      id: v.visit_id,
      date: v.date,
      cadre: v.cadre,
      purpose: v.purpose,
      purposeLabel: LABELS.visitPurpose[v.purpose],
      notes: v.notes,
      perCapitaIncomeCheck: toFenOrNull(v.income_check_fen),
    }));
  }
}

// ---- assistance ----

export class GetHouseholdAssistanceQuery extends Query<HouseholdAssistance[]> {
  constructor(readonly householdId: string) {
    super();
  }
}

@QueryHandler(GetHouseholdAssistanceQuery)
export class GetHouseholdAssistanceHandler implements IQueryHandler<GetHouseholdAssistanceQuery> {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModels>) {}

  /** Newest first. */
  async execute({ householdId }: GetHouseholdAssistanceQuery): Promise<HouseholdAssistance[]> {
    const rows = await this.db
      .selectFrom('assistance_ledger as a')
      .selectAll('a')
      .where('a.household_id', '=', householdId)
      .orderBy('a.date', 'desc')
      .orderBy('a.revision', 'desc')
      .execute();
    return rows.map((a) => ({
      id: a.assistance_id,
      category: a.category,
      categoryLabel: LABELS.assistanceCategory[a.category],
      amount: BigInt(a.amount_fen),
      peopleReached: a.people_reached,
      date: a.date,
      programme: a.programme,
    }));
  }
}

// ---- history: the household's own event stream ----

export class GetHouseholdHistoryQuery extends Query<HouseholdHistoryEntry[]> {
  constructor(readonly householdId: string) {
    super();
  }
}

@QueryHandler(GetHouseholdHistoryQuery)
export class GetHouseholdHistoryHandler implements IQueryHandler<GetHouseholdHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every event of the stream in revision order: the audit trail, read from the store itself. */
  async execute({ householdId }: GetHouseholdHistoryQuery): Promise<HouseholdHistoryEntry[]> {
    const events = await this.store.readStream(householdStream(householdId));
    return events.map((e) => {
      const data = (e.data ?? {}) as { effectiveDate?: unknown };
      return {
        eventId: e.eventId,
        revision: e.revision,
        position: Number(e.position),
        type: e.type,
        effectiveDate: typeof data.effectiveDate === 'string' ? data.effectiveDate : null,
        recordedAt: e.metadata.recordedAt,
        actor: e.metadata.actor ?? null,
        commandId: e.metadata.commandId ?? null,
        data: JSON.stringify(e.data),
      };
    });
  }
}
