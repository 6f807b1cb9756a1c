import { QueryBus } from '@nestjs/cqrs';
import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PageArgs, type Page } from '../pagination.js';
import {
  GetHouseholdAssistanceQuery,
  GetHouseholdHistoryQuery,
  GetHouseholdMembersQuery,
  GetHouseholdProblemsQuery,
  GetHouseholdVisitsQuery,
} from './household-details.queries.js';
import { GetHouseholdQuery, ListHouseholdsQuery } from './household.queries.js';
import {
  Household,
  HouseholdAssistance,
  HouseholdConnection,
  HouseholdFilter,
  HouseholdHistoryEntry,
  HouseholdMember,
  HouseholdProblem,
  HouseholdVisit,
} from './household.types.js';

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => Household, { nullable: true, description: '按户编号查询一户；不存在时为 null' })
  household(@Args('id', { type: () => ID }) id: string): Promise<Household | null> {
    return this.queryBus.execute(new GetHouseholdQuery(id));
  }

  @Query(() => HouseholdConnection, { description: '户列表，按区划代码、户编号排序，游标分页' })
  households(
    @Args('filter', { type: () => HouseholdFilter, nullable: true }) filter: HouseholdFilter | null,
    @Args() page: PageArgs,
  ): Promise<Page<Household>> {
    return this.queryBus.execute(new ListHouseholdsQuery(filter, page));
  }

  @ResolveField(() => [HouseholdMember], { description: '现有家庭成员（户主在前）' })
  members(@Parent() household: Household): Promise<HouseholdMember[]> {
    return this.queryBus.execute(new GetHouseholdMembersQuery(household.id));
  }

  @ResolveField(() => [HouseholdProblem], { description: '走访发现的问题，最新的在前' })
  problems(@Parent() household: Household): Promise<HouseholdProblem[]> {
    return this.queryBus.execute(new GetHouseholdProblemsQuery(household.id));
  }

  @ResolveField(() => [HouseholdVisit], { description: '走访记录，最新的在前' })
  visits(@Parent() household: Household): Promise<HouseholdVisit[]> {
    return this.queryBus.execute(new GetHouseholdVisitsQuery(household.id));
  }

  @ResolveField(() => [HouseholdAssistance], { description: '帮扶措施，最新的在前' })
  assistance(@Parent() household: Household): Promise<HouseholdAssistance[]> {
    return this.queryBus.execute(new GetHouseholdAssistanceQuery(household.id));
  }

  @ResolveField(() => [HouseholdHistoryEntry], {
    description: '本户全部事件（审计记录），按版本号从早到晚',
  })
  history(@Parent() household: Household): Promise<HouseholdHistoryEntry[]> {
    return this.queryBus.execute(new GetHouseholdHistoryQuery(household.id));
  }
}
