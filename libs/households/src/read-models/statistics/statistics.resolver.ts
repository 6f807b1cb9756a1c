import { QueryBus } from '@nestjs/cqrs';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { GetStatisticsQuery } from './statistics.query.js';
import { Statistics } from './statistics.types.js';

@Resolver(() => Statistics)
export class StatisticsResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => Statistics, {
    description: '截至 asOf 当日结束的统计数（按生效日期），可按区划代码前缀汇总；不填区划为全部',
  })
  statistics(
    @Args('asOf', { type: () => DateScalar }) asOf: string,
    @Args('areaCode', {
      type: () => String,
      nullable: true,
      description: '区划代码前缀（2/4/6/9/12位）',
    })
    areaCode: string | null,
    @Args('knownAt', {
      type: () => Int,
      nullable: true,
      description: '全局日志位置：按当时系统所知的事件计算（之后补录的倒签事件不计入），不填为当前',
    })
    knownAt: number | null,
  ): Promise<Statistics> {
    return this.queryBus.execute(new GetStatisticsQuery(asOf, areaCode, knownAt));
  }
}
