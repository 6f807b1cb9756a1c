import { QueryBus } from '@nestjs/cqrs';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE, type Page } from '../pagination.js';
import { ListAtRiskHouseholdsQuery } from './at-risk.query.js';
import { AtRiskConnection, AtRiskFilter, AtRiskHousehold } from './at-risk.types.js';

@Resolver(() => AtRiskHousehold)
export class AtRiskResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => AtRiskConnection, {
    description:
      '风险户：监测中、收入低于监测线、长期未走访、问题逾期未整改（任一项），不含已注销户',
  })
  atRiskHouseholds(
    @Args('filter', { type: () => AtRiskFilter, nullable: true }) filter: AtRiskFilter | null,
    @Args('first', {
      type: () => Int,
      defaultValue: DEFAULT_PAGE_SIZE,
      description: '每页条数，1–200',
    })
    first: number,
    @Args('after', { type: () => String, nullable: true, description: '上一页的 endCursor' })
    after: string | null,
  ): Promise<Page<AtRiskHousehold>> {
    return this.queryBus.execute(new ListAtRiskHouseholdsQuery(filter, { first, after }));
  }
}
