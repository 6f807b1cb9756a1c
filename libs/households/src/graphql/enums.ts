import { registerEnumType } from '@nestjs/graphql';
import {
  ASSISTANCE_CATEGORIES,
  DEREGISTRATION_REASONS,
  HEALTH_STATES,
  HOUSEHOLD_STATUSES,
  LABOR_ABILITIES,
  MEMBER_CHANGE_REASONS,
  MONITORING_CATEGORIES,
  POVERTY_CAUSES,
  RELATIONS,
  RISK_FACTORS,
  VISIT_PURPOSES,
} from '../domain/index.js';
import { LABELS } from '../domain/index.js';

/** GraphQL enums are the domain vocabularies; each value carries its Chinese label. */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

function register<T extends string>(
  name: string,
  description: string,
  values: readonly T[],
  labels: Record<T, string>,
) {
  const e = enumOf(values);
  registerEnumType(e, {
    name,
    description,
    valuesMap: Object.fromEntries(values.map((v) => [v, { description: labels[v] }])) as never,
  });
  return e;
}

export const RelationEnum = register('Relation', '与户主关系', RELATIONS, LABELS.relation);
export const SexEnum = register('Sex', '性别', ['MALE', 'FEMALE'] as const, LABELS.sex);
export const HealthEnum = register('Health', '健康状况', HEALTH_STATES, LABELS.health);
export const LaborAbilityEnum = register(
  'LaborAbility',
  '劳动能力',
  LABOR_ABILITIES,
  LABELS.laborAbility,
);
export const MemberChangeReasonEnum = register(
  'MemberChangeReason',
  '成员变动原因',
  MEMBER_CHANGE_REASONS,
  LABELS.memberChangeReason,
);
export const PovertyCauseEnum = register(
  'PovertyCause',
  '致贫原因',
  POVERTY_CAUSES,
  LABELS.povertyCause,
);
export const MonitoringCategoryEnum = register(
  'MonitoringCategory',
  '监测对象类别',
  MONITORING_CATEGORIES,
  LABELS.monitoringCategory,
);
export const RiskFactorEnum = register('RiskFactor', '风险因素', RISK_FACTORS, LABELS.riskFactor);
export const AssistanceCategoryEnum = register(
  'AssistanceCategory',
  '帮扶措施类别',
  ASSISTANCE_CATEGORIES,
  LABELS.assistanceCategory,
);
export const VisitPurposeEnum = register(
  'VisitPurpose',
  '走访类型',
  VISIT_PURPOSES,
  LABELS.visitPurpose,
);
export const DeregistrationReasonEnum = register(
  'DeregistrationReason',
  '注销原因',
  DEREGISTRATION_REASONS,
  LABELS.deregistrationReason,
);
export const HouseholdStatusEnum = register(
  'HouseholdStatus',
  '户状态',
  HOUSEHOLD_STATUSES,
  LABELS.status,
);
export const MonitoringStateEnum = register(
  'MonitoringState',
  '监测状态',
  ['NONE', 'MONITORED', 'ELIMINATED'] as const,
  LABELS.monitoringState,
);
