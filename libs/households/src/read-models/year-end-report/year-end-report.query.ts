import { Inject, Optional } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Kysely, Transaction } from 'kysely';
import { readCheckpoint } from '#app/event-store';
import { formatWanYuan, policyFor, type PolicyBook } from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { InputError } from '../../shared/input-error.js';
import {
  AREA_REGISTRY,
  CLOCK,
  POLICY_BOOK,
  READ_DB,
  type AreaRegistry,
} from '../../shared/tokens.js';
import type { ReadModels } from '../read-models.js';
import { checkAreaPrefix, checkKnownAt } from '../sql-helpers.js';
import { figures } from '../statistics/statistics.query.js';
import { stockCounts, total } from '../statistics/stock-counts.js';
import { restatementOf } from './restatement.js';
import type { RestatedFigure, YearEndReportData } from './year-end-report.model.js';
import {
  flowsOf,
  pair,
  rectifiedByDeadlineOf,
  reviewOf,
  visitsOf,
} from './year-end-report.sections.js';
import { narrative } from './year-end-report.text.js';
import { townshipsOf } from './year-end-report.townships.js';

export interface YearEndReport extends YearEndReportData {
  text: string;
  /** Only when knownAt is before the current position: what differs now. */
  restatement: RestatedFigure[] | null;
}

export class GetYearEndReportQuery extends Query<YearEndReport> {
  constructor(
    readonly year: number,
    readonly areaCode?: string | null,
    readonly knownAt?: number | null,
  ) {
    super();
  }
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/**
 * The year-end report: the stock figures at 31 December, the year's flows, a per-township table
 * and a narrative, all read in one transaction at one global position. With `knownAt` every table
 * is filtered to what the log held at that position, so a published report can be regenerated
 * exactly after back-dated corrections; `restatement` then lists what those corrections changed.
 */
@QueryHandler(GetYearEndReportQuery)
export class GetYearEndReportHandler implements IQueryHandler<GetYearEndReportQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModels>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_BOOK) private readonly policy: PolicyBook,
    @Optional() @Inject(AREA_REGISTRY) private readonly areas?: AreaRegistry,
  ) {}

  async execute(query: GetYearEndReportQuery): Promise<YearEndReport> {
    const year = query.year;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new InputError(
        'INVALID_INPUT',
        `年度“${String(year)}”无效：应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数`,
      );
    }
    const area = checkAreaPrefix(query.areaCode);
    const generatedAt = this.clock.now().toISOString();
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const checkpoint = await readCheckpoint(trx);
        const knownAt = checkKnownAt(query.knownAt, checkpoint);
        const report = await this.compute(trx, year, area, knownAt, checkpoint, generatedAt);
        const restatement =
          knownAt !== undefined && knownAt < checkpoint
            ? restatementOf(
                report,
                await this.compute(trx, year, area, undefined, checkpoint, generatedAt),
              )
            : null;
        return { ...report, text: narrative(report), restatement };
      });
  }

  private async compute(
    trx: Transaction<ReadModels>,
    year: number,
    area: string | undefined,
    knownAt: number | undefined,
    checkpoint: number,
    generatedAt: string,
  ): Promise<YearEndReportData> {
    const asOf = `${year}-12-31`;
    const periodStart = `${year}-01-01`;
    const scope = { asOf, periodStart, area, knownAt };
    const position = knownAt ?? checkpoint;
    const stock = await figures(trx, scope, position);
    const previous = await stockCounts(trx, {
      asOf: `${year - 1}-12-31`,
      area,
      knownAt,
      statusOnly: true,
    });
    const poorThen = total(previous, (r) => r.state === 'POOR');
    const exitedThen = total(previous, (r) => r.state === 'EXITED');
    const [flows, visits, review, rectifiedByDeadline, townships] = [
      await flowsOf(trx, scope),
      await visitsOf(trx, scope),
      await reviewOf(trx, scope),
      await rectifiedByDeadlineOf(trx, scope),
      await townshipsOf(trx, scope, (code) => this.areas?.nameOf(code) ?? null),
    ];
    const monitoringLineFen = policyFor(this.policy, year)?.monitoringLineFen ?? null;
    return {
      year,
      areaCode: area ?? null,
      areaName: area === undefined ? null : (this.areas?.nameOf(area) ?? null),
      asOf,
      position,
      knownAt: knownAt ?? null,
      generatedAt,
      monitoringLineFen,
      stock,
      startOfYear: {
        registered: pair(
          poorThen.households + exitedThen.households,
          poorThen.people + exitedThen.people,
        ),
        exited: exitedThen,
        remaining: poorThen,
      },
      flows,
      assistance: stock.assistance.map((a) => ({
        ...a,
        amountWanYuan: formatWanYuan(a.amount),
      })),
      visits,
      review,
      problems: {
        found: stock.problemsFound,
        rectified: stock.problemsRectified,
        rectifiedByDeadline,
        open: stock.problemsOpen,
        overdue: stock.problemsOverdue,
      },
      townships,
    };
  }
}
