import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { HouseholdStatus, MonitoringCategory } from '../../domain/index.js';
import { HouseholdStatusEnum, MonitoringCategoryEnum } from '../../graphql/enums.js';
import { DateScalar } from '../../graphql/scalars.js';
import { LatestIncome } from '../household-summary/household.types.js';
import { Connection } from '../pagination.js';

export const AT_RISK_REASONS = [
  'MONITORED',
  'INCOME_BELOW_MONITORING_LINE',
  'NO_RECENT_VISIT',
  'OVERDUE_PROBLEM',
] as const;
export type AtRiskReason = (typeof AT_RISK_REASONS)[number];

export const AT_RISK_REASON_LABELS: Record<AtRiskReason, string> = {
  MONITORED: '防返贫监测对象（监测中）',
  INCOME_BELOW_MONITORING_LINE: '最近核定的人均纯收入低于当年监测线',
  NO_RECENT_VISIT: '长期未走访',
  OVERDUE_PROBLEM: '问题逾期未整改',
};

export const AtRiskReasonEnum = Object.fromEntries(AT_RISK_REASONS.map((r) => [r, r])) as Record<
  AtRiskReason,
  AtRiskReason
>;

registerEnumType(AtRiskReasonEnum, {
  name: 'AtRiskReason',
  description: '列为风险户的原因',
  valuesMap: {
    MONITORED: { description: `${AT_RISK_REASON_LABELS.MONITORED}：监测状态为“监测中”` },
    INCOME_BELOW_MONITORING_LINE: {
      description: `${AT_RISK_REASON_LABELS.INCOME_BELOW_MONITORING_LINE}（按收入年度的监测线；未核定收入不计）`,
    },
    NO_RECENT_VISIT: {
      description: `${AT_RISK_REASON_LABELS.NO_RECENT_VISIT}：未脱贫户、边缘户或监测中的户，从未走访或最近走访早于 noVisitSinceDays 天前`,
    },
    OVERDUE_PROBLEM: {
      description: `${AT_RISK_REASON_LABELS.OVERDUE_PROBLEM}：有未整改的问题已过整改期限`,
    },
  },
});

@InputType({ description: '风险户筛选条件' })
export class AtRiskFilter {
  @Field(() => String, { nullable: true, description: '区划代码前缀（2/4/6/9/12位）' })
  areaCode?: string | null;

  @Field(() => [AtRiskReasonEnum], {
    nullable: true,
    description: '只列出具有其中任一原因的户；不填或为空则为任一原因',
  })
  reasons?: AtRiskReason[] | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 90,
    description: '超过多少天未走访算“长期未走访”，1–3650，默认 90',
  })
  noVisitSinceDays?: number | null;
}

@ObjectType({ description: '风险户（未注销，且至少有一项风险原因）' })
export class AtRiskHousehold {
  @Field(() => ID)
  householdId!: string;

  @Field(() => String)
  areaCode!: string;

  @Field(() => HouseholdStatusEnum)
  status!: HouseholdStatus;

  @Field(() => String)
  statusLabel!: string;

  @Field(() => [AtRiskReasonEnum], { description: '该户具有的全部风险原因（不限于筛选的原因）' })
  reasons!: AtRiskReason[];

  @Field(() => [String], { description: '风险原因（中文），与 reasons 一一对应' })
  reasonLabels!: string[];

  @Field(() => MonitoringCategoryEnum, {
    nullable: true,
    description: '监测对象类别（曾纳入监测时）',
  })
  monitoringCategory!: MonitoringCategory | null;

  @Field(() => LatestIncome, { nullable: true })
  latestIncome!: LatestIncome | null;

  @Field(() => DateScalar, { nullable: true })
  lastVisitOn!: string | null;

  @Field(() => Int, { description: '逾期未整改的问题数' })
  overdueProblems!: number;
}

@ObjectType({ description: '风险户列表（按区划代码、户编号排序）' })
export class AtRiskConnection extends Connection(AtRiskHousehold, 'AtRisk') {}
