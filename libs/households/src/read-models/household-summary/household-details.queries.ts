import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { sql, type Kysely } from 'kysely';
import type { EventStore } from '#app/event-store';
import {
  householdStream,
  type AssistanceCategory,
  type Health,
  type LaborAbility,
  type Relation,
  type Sex,
  type VisitPurpose,
} from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { CLOCK, EVENT_STORE, READ_DB } from '../../shared/tokens.js';
import { ASSISTANCE_TABLE } from '../assistance-ledger/assistance-ledger.projection.js';
import { MEMBERS_TABLE } from '../membership/membership.projection.js';
import { toFen, toFenOrNull, toInt } from '../sql-helpers.js';
import {
  PROBLEMS_TABLE,
  VISITS_TABLE,
} from '../visits-and-problems/visits-and-problems.projection.js';
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
  constructor(@Inject(READ_DB) private readonly db: Kysely<any>) {}

  /** Current members: head first, then in the order they joined. */
  async execute({ householdId }: GetHouseholdMembersQuery): Promise<HouseholdMember[]> {
    const rows = await this.db
      .selectFrom(`${MEMBERS_TABLE} as m`)
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
      name: m.name as string,
      idNumber: m.id_number as string,
      relation: m.relation as Relation,
      relationLabel: LABELS.relation[m.relation as Relation],
      sex: m.sex as Sex,
      birthDate: m.birth_date as string,
      health: (m.health as Health | null) ?? null,
      laborAbility: (m.labor_ability as LaborAbility | null) ?? null,
      inSchool:
        m.in_school === null || m.in_school === undefined ? null : Number(m.in_school) === 1,
      since: m.valid_from as string,
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
    @Inject(READ_DB) private readonly db: Kysely<any>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Newest first; `overdue` is judged against today. */
  async execute({ householdId }: GetHouseholdProblemsQuery): Promise<HouseholdProblem[]> {
    const today = this.clock.today();
    const rows = await this.db
      .selectFrom(`${PROBLEMS_TABLE} as p`)
      .selectAll('p')
      .where('p.household_id', '=', householdId)
      .orderBy('p.found_on', 'desc')
      .orderBy('p.revision', 'desc')
      .execute();
    return rows.map((p) => ({
      id: p.problem_id as string,
      visitId: p.visit_id as string,
      description: p.description as string,
      foundOn: p.found_on as string,
      deadline: p.deadline as string,
      rectifiedOn: (p.rectified_on as string | null) ?? null,
      measures: (p.measures as string | null) ?? null,
      overdue: p.rectified_on === null && (p.deadline as string) < today,
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
  constructor(@Inject(READ_DB) private readonly db: Kysely<any>) {}

  /** Newest first. */
  async execute({ householdId }: GetHouseholdVisitsQuery): Promise<HouseholdVisit[]> {
    const rows = await this.db
      .selectFrom(`${VISITS_TABLE} as v`)
      .selectAll('v')
      .where('v.household_id', '=', householdId)
      .orderBy('v.date', 'desc')
      .orderBy('v.revision', 'desc')
      .execute();
    return rows.map((v) => ({
      id: v.visit_id as string,
      date: v.date as string,
      cadre: v.cadre as string,
      purpose: v.purpose as VisitPurpose,
      purposeLabel: LABELS.visitPurpose[v.purpose as VisitPurpose],
      notes: (v.notes as string | null) ?? null,
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
  constructor(@Inject(READ_DB) private readonly db: Kysely<any>) {}

  /** Newest first. */
  async execute({ householdId }: GetHouseholdAssistanceQuery): Promise<HouseholdAssistance[]> {
    const rows = await this.db
      .selectFrom(`${ASSISTANCE_TABLE} as a`)
      .selectAll('a')
      .where('a.household_id', '=', householdId)
      .orderBy('a.date', 'desc')
      .orderBy('a.revision', 'desc')
      .execute();
    return rows.map((a) => ({
      id: a.assistance_id as string,
      category: a.category as AssistanceCategory,
      categoryLabel: LABELS.assistanceCategory[a.category as AssistanceCategory],
      amount: toFen(a.amount_fen),
      peopleReached: toInt(a.people_reached),
      date: a.date as string,
      programme: (a.programme as string | null) ?? null,
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
