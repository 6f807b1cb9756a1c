import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type {
  AssistanceCategory,
  DeregistrationReason,
  MonitoringCategory,
  VisitPurpose,
} from '../../domain/index.js';
import {
  AssistanceCategoryEnum,
  DeregistrationReasonEnum,
  MonitoringCategoryEnum,
  VisitPurposeEnum,
} from '../../graphql/enums.js';
import { DateScalar, YuanScalar } from '../../graphql/scalars.js';
import { Statistics } from '../statistics/statistics.types.js';

@ObjectType('CountFigure', { description: '户数与人数' })
export class CountFigure {
  @Field(() => Int)
  households!: number;

  @Field(() => Int, { description: '人数（按事项生效当日的家庭成员计）' })
  people!: number;
}

@ObjectType({ description: '按监测类别的户数与人数' })
export class MonitoringCategoryCount extends CountFigure {
  @Field(() => MonitoringCategoryEnum)
  category!: MonitoringCategory;

  @Field(() => String)
  label!: string;
}

@ObjectType({ description: '按销户原因的户数与人数' })
export class DeregistrationCount extends CountFigure {
  @Field(() => DeregistrationReasonEnum)
  reason!: DeregistrationReason;

  @Field(() => String)
  label!: string;
}

@ObjectType({ description: '年初存量（上年12月31日）' })
export class StartOfYearFigures {
  @Field(() => CountFigure)
  registered!: CountFigure;

  @Field(() => CountFigure)
  exited!: CountFigure;

  @Field(() => CountFigure, { description: '年初剩余未脱贫' })
  remaining!: CountFigure;
}

@ObjectType({ description: '年度变动（生效日期在该年度内）' })
export class FlowFigures {
  @Field(() => CountFigure, { description: '新识别建档立卡贫困户' })
  identified!: CountFigure;

  @Field(() => CountFigure, { description: '新登记的非建档立卡户（边缘户、监测对象等）' })
  registeredNonPoor!: CountFigure;

  @Field(() => CountFigure, { description: '脱贫退出' })
  exited!: CountFigure;

  @Field(() => CountFigure, { description: '返贫' })
  returnedToPoverty!: CountFigure;

  @Field(() => [DeregistrationCount], { description: '销户，按原因' })
  deregistered!: DeregistrationCount[];

  @Field(() => CountFigure, { description: '新标注边缘户' })
  edgeFlagged!: CountFigure;

  @Field(() => CountFigure, { description: '取消边缘户标注' })
  edgeCleared!: CountFigure;

  @Field(() => [MonitoringCategoryCount], { description: '纳入监测，按类别' })
  monitoringStarted!: MonitoringCategoryCount[];

  @Field(() => [MonitoringCategoryCount], { description: '风险消除，按类别' })
  riskEliminated!: MonitoringCategoryCount[];

  @Field(() => [MonitoringCategoryCount], { description: '风险消除回退（重新纳入监测），按类别' })
  monitoringReopened!: MonitoringCategoryCount[];

  @Field(() => Int, { description: '年内未经风险消除而结束监测的户数（如注销、返贫）' })
  monitoringEndedOtherwise!: number;
}

@ObjectType({ description: '年度帮扶措施合计，按类别' })
export class ReportAssistanceFigure {
  @Field(() => AssistanceCategoryEnum)
  category!: AssistanceCategory;

  @Field(() => String)
  label!: string;

  @Field(() => YuanScalar, { description: '金额合计（元，按分精确）' })
  amount!: bigint;

  @Field(() => String, { description: '金额合计（万元，两位小数，四舍五入）' })
  amountWanYuan!: string;

  @Field(() => Int, { description: '受益人次' })
  peopleReached!: number;

  @Field(() => Int, { description: '受益户数（去重）' })
  households!: number;
}

@ObjectType({ description: '按走访目的的走访次数' })
export class VisitPurposeFigure {
  @Field(() => VisitPurposeEnum)
  purpose!: VisitPurpose;

  @Field(() => String)
  label!: string;

  @Field(() => Int)
  visits!: number;

  @Field(() => Int, { description: '被走访户数（去重）' })
  households!: number;
}

@ObjectType({ description: '年度走访' })
export class VisitFigures {
  @Field(() => Int, { description: '走访次数' })
  total!: number;

  @Field(() => Int, { description: '被走访户数（去重）' })
  households!: number;

  @Field(() => [VisitPurposeFigure])
  byPurpose!: VisitPurposeFigure[];
}

@ObjectType({ description: '“回头看”排查（走访目的为回头看的走访）' })
export class ReviewFigures {
  @Field(() => Int, { description: '调查的建档立卡户数（走访当日为未脱贫或已脱贫）' })
  registeredHouseholds!: number;

  @Field(() => Int, { description: '调查的非建档立卡户数' })
  nonRegisteredHouseholds!: number;

  @Field(() => Int, { description: '排查出的问题数' })
  problemsFound!: number;

  @Field(() => Int, { description: '其中已整改' })
  problemsRectified!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: '全部整改完成的日期（最后一个问题的整改日期）；尚有未整改时为 null',
  })
  allRectifiedBy!: string | null;
}

@ObjectType({ description: '年度问题整改' })
export class ProblemFigures {
  @Field(() => Int, { description: '年内发现的问题数' })
  found!: number;

  @Field(() => Int, { description: '年内整改的问题数（不论何时发现）' })
  rectified!: number;

  @Field(() => Int, { description: '年内整改的问题中，在整改期限内整改的问题数' })
  rectifiedByDeadline!: number;

  @Field(() => Int, { description: '年末未整改的问题数' })
  open!: number;

  @Field(() => Int, { description: '年末逾期未整改的问题数' })
  overdue!: number;
}

@ObjectType({ description: '分乡镇（街道）统计' })
export class TownshipFigures {
  @Field(() => String, { description: '乡镇区划代码（9位）' })
  areaCode!: string;

  @Field(() => String, { nullable: true, description: '乡镇名称（区划登记中有时）' })
  name!: string | null;

  @Field(() => CountFigure, { description: '年末建档立卡' })
  registered!: CountFigure;

  @Field(() => CountFigure, { description: '年末已脱贫' })
  exited!: CountFigure;

  @Field(() => CountFigure, { description: '年末未脱贫' })
  remaining!: CountFigure;

  @Field(() => CountFigure, { description: '年末边缘户' })
  edge!: CountFigure;

  @Field(() => Int, { description: '年末监测中户数' })
  monitoredHouseholds!: number;

  @Field(() => Int, { description: '年末风险已消除户数' })
  riskEliminatedHouseholds!: number;

  @Field(() => CountFigure, { description: '年内脱贫退出' })
  exitedInYear!: CountFigure;

  @Field(() => YuanScalar, { description: '年内帮扶金额（元）' })
  assistanceAmount!: bigint;

  @Field(() => String, { description: '年内帮扶金额（万元）' })
  assistanceAmountWanYuan!: string;

  @Field(() => Int, { description: '年内走访次数' })
  visits!: number;

  @Field(() => Int, { description: '年内发现问题数' })
  problemsFound!: number;

  @Field(() => Int, { description: '年内整改问题数' })
  problemsRectified!: number;
}

@ObjectType({ description: '与已发布报告不同的数字（因之后补录的倒签事项）' })
export class RestatedFigureType {
  @Field(() => String, { description: '数字的路径，如 stock.registeredPeople' })
  figure!: string;

  @Field(() => String, { description: '中文名称' })
  label!: string;

  @Field(() => String, { description: '已发布报告中的值' })
  published!: string;

  @Field(() => String, { description: '按当前记录的值' })
  current!: string;
}

@ObjectType({
  description:
    '年度报告：年末（12月31日）存量、年度变动、分乡镇表和文字说明，均由事件计算；记录计算所依据的全局日志位置，可按 knownAt 重现',
})
export class YearEndReport {
  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: '区划代码前缀；为 null 时为全部' })
  areaCode!: string | null;

  @Field(() => String, { nullable: true })
  areaName!: string | null;

  @Field(() => DateScalar, { description: '统计截止日期（12月31日）' })
  asOf!: string;

  @Field(() => Float, { description: '计算所依据的全局事件日志位置' })
  position!: number;

  @Field(() => Float, { nullable: true, description: '按此位置时系统所知重新生成；当前为 null' })
  knownAt!: number | null;

  @Field(() => String, { description: '生成时间（ISO 8601）' })
  generatedAt!: string;

  @Field(() => YuanScalar, { nullable: true, description: '该年度的监测线（人均纯收入，元）' })
  monitoringLine!: bigint | null;

  @Field(() => Statistics, { description: '年末存量及年度累计（同 statistics 查询）' })
  stock!: Statistics;

  @Field(() => StartOfYearFigures)
  startOfYear!: StartOfYearFigures;

  @Field(() => FlowFigures)
  flows!: FlowFigures;

  @Field(() => [ReportAssistanceFigure])
  assistance!: ReportAssistanceFigure[];

  @Field(() => VisitFigures)
  visits!: VisitFigures;

  @Field(() => ReviewFigures)
  review!: ReviewFigures;

  @Field(() => ProblemFigures)
  problems!: ProblemFigures;

  @Field(() => [TownshipFigures], { description: '分乡镇（街道）表，按区划代码排序' })
  townships!: TownshipFigures[];

  @Field(() => String, { description: '文字说明（zh-CN），其中数字均由报告计算' })
  text!: string;

  @Field(() => [RestatedFigureType], {
    nullable: true,
    description: '仅在 knownAt 早于当前位置时：已发布报告与按当前记录计算的差异',
  })
  restatement!: RestatedFigureType[] | null;
}
