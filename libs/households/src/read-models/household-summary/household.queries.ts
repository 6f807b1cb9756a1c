import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import {
  HOUSEHOLD_STATUSES,
  POVERTY_CAUSES,
  type HouseholdStatus,
  type PovertyCause,
} from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { toHouseholdId } from '../../infrastructure/ids.js';
import { InputError } from '../../shared/input-error.js';
import { CLOCK, READ_DB } from '../../shared/tokens.js';
import {
  fromHouseholds,
  keysetPage,
  type HouseholdsQuery,
  type Page,
  type PageArgs,
} from '../pagination.js';
import type { ReadModels } from '../read-models.js';
import {
  inAreaPrefix,
  checkAreaPrefix,
  overdueProblemsOf,
  toBool,
  toFenOrNull,
} from '../sql-helpers.js';
import type { SummaryRow } from './household-summary.projection.js';
import type { Household, HouseholdFilter } from './household.types.js';

type HouseholdRow = SummaryRow & { overdue_problems: number };

/** Every column of household_summary `s`, with the overdue count from the problems table. */
function selectHousehold(query: HouseholdsQuery, today: string) {
  return query
    .selectAll('s')
    .select(overdueProblemsOf('s.household_id', today).as('overdue_problems'));
}

/** The JSON list the projection wrote from the event; anything else is a corrupt read model. */
function parseCauses(text: string): PovertyCause[] {
  const causes: unknown = JSON.parse(text);
  if (!Array.isArray(causes) || !causes.every(isPovertyCause)) {
    throw new Error(`household_summary.poverty_causes is not a list of poverty causes: ${text}`);
  }
  return causes;
}

function isPovertyCause(value: unknown): value is PovertyCause {
  return POVERTY_CAUSES.some((cause) => cause === value);
}

export function toHousehold(row: HouseholdRow): Household {
  const state = row.monitoring_state;
  const category = row.monitoring_category;
  const income = toFenOrNull(row.latest_income_fen);
  return {
    id: row.household_id,
    areaCode: row.area_code,
    address: row.address,
    status: row.status,
    statusLabel: LABELS.status[row.status],
    registeredPoor: toBool(row.registered_poor),
    identifiedYear: row.identified_year,
    povertyCauses: parseCauses(row.poverty_causes),
    registeredOn: row.registered_on,
    statusSince: row.status_since,
    exitYear: row.exit_year,
    edge: toBool(row.edge),
    monitoring: {
      state,
      stateLabel: LABELS.monitoringState[state],
      category,
      categoryLabel: category ? LABELS.monitoringCategory[category] : null,
      since: row.monitoring_since,
    },
    membersCount: row.members_count,
    latestIncome:
      row.latest_income_year === null || income === null
        ? null
        : { year: row.latest_income_year, perCapitaNetIncome: income },
    lastVisitOn: row.last_visit_on,
    openProblems: row.open_problems_count,
    overdueProblems: row.overdue_problems,
    revision: row.revision,
  };
}

// ---- household(id) ----

export class GetHouseholdQuery extends Query<Household | null> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetHouseholdQuery)
export class GetHouseholdHandler implements IQueryHandler<GetHouseholdQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModels>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ id }: GetHouseholdQuery): Promise<Household | null> {
    const row = await selectHousehold(fromHouseholds(this.db), this.clock.today())
      .where('s.household_id', '=', toHouseholdId(id))
      .executeTakeFirst();
    return row ? toHousehold(row) : null;
  }
}

// ---- households(filter, first, after) ----

export class ListHouseholdsQuery extends Query<Page<Household>> {
  constructor(
    readonly filter: HouseholdFilter | null | undefined,
    readonly page: PageArgs = {},
  ) {
    super();
  }
}

@QueryHandler(ListHouseholdsQuery)
export class ListHouseholdsHandler implements IQueryHandler<ListHouseholdsQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModels>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter, page }: ListHouseholdsQuery): Promise<Page<Household>> {
    const area = checkAreaPrefix(filter?.areaCode);
    const status = filter?.status ?? undefined;
    if (status !== undefined && !HOUSEHOLD_STATUSES.includes(status)) {
      throw new InputError('INVALID_INPUT', `未知户状态 ${String(status)}`);
    }
    let filtered = fromHouseholds(this.db);
    if (area !== undefined) filtered = filtered.where(inAreaPrefix('s.area_code', area));
    if (status !== undefined)
      filtered = filtered.where('s.status', '=', status satisfies HouseholdStatus);
    const { edge, registeredPoor, monitored } = filter ?? {};
    if (isSet(edge)) filtered = filtered.where('s.edge', '=', edge ? 1 : 0);
    if (isSet(registeredPoor))
      filtered = filtered.where('s.registered_poor', '=', registeredPoor ? 1 : 0);
    if (isSet(monitored))
      filtered = filtered.where('s.monitoring_state', monitored ? '=' : '<>', 'MONITORED');
    const today = this.clock.today();
    return keysetPage({
      filtered,
      select: (query) => selectHousehold(query, today),
      toNode: toHousehold,
      args: page,
    });
  }
}

function isSet(value: boolean | null | undefined): value is boolean {
  return value !== null && value !== undefined;
}
