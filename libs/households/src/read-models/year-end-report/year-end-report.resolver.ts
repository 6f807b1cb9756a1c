import { QueryBus } from '@nestjs/cqrs';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { GetYearEndReportQuery } from './year-end-report.query.js';
import { YearEndReport } from './year-end-report.types.js';

@Resolver(() => YearEndReport)
export class YearEndReportResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => YearEndReport, {
    description:
      '年度报告（截至该年12月31日）：存量、年度变动、分乡镇表与文字说明；knownAt 为全局日志位置时，按当时系统所知重新生成并列出与当前的差异',
  })
  async yearEndReport(
    @Args('year', { type: () => Int }) year: number,
    @Args('areaCode', {
      type: () => String,
      nullable: true,
      description: '区划代码前缀（2/4/6/9/12位）',
    })
    areaCode: string | null,
    @Args('knownAt', {
      type: () => Int,
      nullable: true,
      description: '全局日志位置：重现当时发布的报告（之后补录的倒签事项不计入）',
    })
    knownAt: number | null,
  ): Promise<YearEndReport> {
    const report = await this.queryBus.execute(new GetYearEndReportQuery(year, areaCode, knownAt));
    return {
      ...report,
      monitoringLine: report.monitoringLineFen === null ? null : BigInt(report.monitoringLineFen),
    };
  }
}
