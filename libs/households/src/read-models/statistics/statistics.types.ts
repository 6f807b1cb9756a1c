import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { AssistanceCategory, MonitoringCategory } from '../../domain/index.js';
import { AssistanceCategoryEnum, MonitoringCategoryEnum } from '../../graphql/enums.js';
import { DateScalar, YuanScalar } from '../../graphql/scalars.js';

@ObjectType({ description: '某一监测类别的监测对象（截至 asOf 当日结束，状态为“监测中”）' })
export class MonitoringCategoryFigure {
  @Field(() => MonitoringCategoryEnum)
  category!: MonitoringCategory;

  @Field(() => String)
  label!: string;

  @Field(() => Int)
  households!: number;

  @Field(() => Int)
  people!: number;
}

@ObjectType({ description: '某一类帮扶措施在 asOf 所在年度1月1日至 asOf（含）的合计' })
export class AssistanceFigure {
  @Field(() => AssistanceCategoryEnum)
  category!: AssistanceCategory;

  @Field(() => String)
  label!: string;

  @Field(() => YuanScalar, { description: '金额合计（元，按分精确求和）' })
  amount!: bigint;

  @Field(() => Int, { description: '受益人数合计（人次）' })
  peopleReached!: number;

  @Field(() => Int, { description: '受益户数（去重）' })
  households!: number;
}

@ObjectType({
  description:
    '截至 asOf 当日结束的统计数（按生效日期，不按录入时间）。户数、人数为 asOf 当日的存量；帮扶、走访、发现与整改问题为 asOf 所在年度1月1日至 asOf（含）的累计。',
})
export class Statistics {
  @Field(() => DateScalar, { description: '统计截止日期（当日结束时）' })
  asOf!: string;

  @Field(() => String, { nullable: true, description: '区划代码前缀；为 null 时为全部' })
  areaCode!: string | null;

  @Field(() => Float, {
    description: '计算所依据的全局事件日志位置（读模型已包含到此位置的全部事件），用于追溯与复核',
  })
  position!: number;

  @Field(() => Int, { description: '建档立卡户数（截至 asOf 为未脱贫或已脱贫）' })
  registeredHouseholds!: number;

  @Field(() => Int, { description: '建档立卡人数（截至 asOf 为本户成员的人数）' })
  registeredPeople!: number;

  @Field(() => Int, { description: '已脱贫户数（截至 asOf）' })
  exitedHouseholds!: number;

  @Field(() => Int, { description: '已脱贫人数（截至 asOf）' })
  exitedPeople!: number;

  @Field(() => Int, { description: '未脱贫户数（截至 asOf）' })
  remainingHouseholds!: number;

  @Field(() => Int, { description: '未脱贫人数（截至 asOf）' })
  remainingPeople!: number;

  @Field(() => Int, { description: '边缘户数（截至 asOf）' })
  edgeHouseholds!: number;

  @Field(() => Int, { description: '边缘户人数（截至 asOf）' })
  edgePeople!: number;

  @Field(() => Int, { description: '监测中的户数（截至 asOf）' })
  monitoredHouseholds!: number;

  @Field(() => Int, { description: '监测中的人数（截至 asOf）' })
  monitoredPeople!: number;

  @Field(() => [MonitoringCategoryFigure], {
    description: '监测中的户按类别；只列有监测户的类别，按监测类别表顺序',
  })
  monitoredByCategory!: MonitoringCategoryFigure[];

  @Field(() => Int, { description: '已标注风险消除的户数（截至 asOf）' })
  riskEliminatedHouseholds!: number;

  @Field(() => Int, { description: '已标注风险消除的人数（截至 asOf）' })
  riskEliminatedPeople!: number;

  @Field(() => [AssistanceFigure], {
    description:
      'asOf 所在年度1月1日至 asOf（含）的帮扶措施，按类别；只列有记录的类别，按帮扶类别表顺序',
  })
  assistance!: AssistanceFigure[];

  @Field(() => Int, { description: '走访次数：asOf 所在年度1月1日至 asOf（含）' })
  visits!: number;

  @Field(() => Int, { description: '发现问题数：asOf 所在年度1月1日至 asOf（含）发现的' })
  problemsFound!: number;

  @Field(() => Int, {
    description: '整改问题数：asOf 所在年度1月1日至 asOf（含）整改的（不论何时发现）',
  })
  problemsRectified!: number;

  @Field(() => Int, {
    description: '截至 asOf 已发现、尚未整改的问题数（不限年度；不含截至 asOf 已注销户的问题）',
  })
  problemsOpen!: number;

  @Field(() => Int, {
    description:
      '截至 asOf 未整改且整改期限早于 asOf 的问题数（不限年度；不含截至 asOf 已注销户的问题）',
  })
  problemsOverdue!: number;
}
