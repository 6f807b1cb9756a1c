import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { PageArgs, type Page } from '../pagination.js';
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
    @Args() page: PageArgs,
  ): Promise<Page<AtRiskHousehold>> {
    return this.queryBus.execute(new ListAtRiskHouseholdsQuery(filter, page));
  }
}
