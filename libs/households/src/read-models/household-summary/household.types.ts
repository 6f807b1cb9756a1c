import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type {
  AssistanceCategory,
  Health,
  HouseholdStatus,
  LaborAbility,
  MonitoringCategory,
  PovertyCause,
  Relation,
  Sex,
  VisitPurpose,
} from '../../domain/index.js';
import {
  AssistanceCategoryEnum,
  HealthEnum,
  HouseholdStatusEnum,
  LaborAbilityEnum,
  MonitoringCategoryEnum,
  MonitoringStateEnum,
  PovertyCauseEnum,
  RelationEnum,
  SexEnum,
  VisitPurposeEnum,
} from '../../graphql/enums.js';
import { DateScalar, YuanScalar } from '../../graphql/scalars.js';
import { Connection } from '../pagination.js';

export type MonitoringState = 'NONE' | 'MONITORED' | 'ELIMINATED';

@ObjectType({ description: '防返贫监测情况（当前）' })
export class HouseholdMonitoring {
  @Field(() => MonitoringStateEnum)
  state!: MonitoringState;

  @Field(() => String)
  stateLabel!: string;

  @Field(() => MonitoringCategoryEnum, {
    nullable: true,
    description: '监测对象类别（风险消除后保留原类别）',
  })
  category!: MonitoringCategory | null;

  @Field(() => String, { nullable: true })
  categoryLabel!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '纳入（或回退重新纳入）监测的日期' })
  since!: string | null;
}

@ObjectType({ description: '最近一次核定的人均纯收入' })
export class LatestIncome {
  @Field(() => Int, { description: '收入年度' })
  year!: number;

  @Field(() => YuanScalar, { description: '人均纯收入（元）' })
  perCapitaNetIncome!: bigint;
}

@ObjectType({ description: '户（当前情况）' })
export class Household {
  @Field(() => ID, { description: '户编号（UUID）' })
  id!: string;

  @Field(() => String, { description: '所在村的12位统计用区划代码' })
  areaCode!: string;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => HouseholdStatusEnum)
  status!: HouseholdStatus;

  @Field(() => String, { description: '状态（中文）' })
  statusLabel!: string;

  @Field(() => Boolean, { description: '是否建档立卡贫困户' })
  registeredPoor!: boolean;

  @Field(() => Int, { nullable: true, description: '识别年度' })
  identifiedYear!: number | null;

  @Field(() => [PovertyCauseEnum], { description: '致贫原因' })
  povertyCauses!: PovertyCause[];

  @Field(() => DateScalar, { description: '登记日期' })
  registeredOn!: string;

  @Field(() => DateScalar, { description: '当前状态的起始日期' })
  statusSince!: string;

  @Field(() => Int, { nullable: true, description: '最近一次脱贫的年度' })
  exitYear!: number | null;

  @Field(() => Boolean, { description: '是否边缘户' })
  edge!: boolean;

  @Field(() => HouseholdMonitoring)
  monitoring!: HouseholdMonitoring;

  @Field(() => Int, { description: '家庭成员人数' })
  membersCount!: number;

  @Field(() => LatestIncome, { nullable: true, description: '最近年度的收入核定；从未核定为 null' })
  latestIncome!: LatestIncome | null;

  @Field(() => DateScalar, { nullable: true, description: '最近一次走访日期' })
  lastVisitOn!: string | null;

  @Field(() => Int, { description: '未整改问题数' })
  openProblems!: number;

  @Field(() => Int, { description: '已过整改期限（早于今天）仍未整改的问题数' })
  overdueProblems!: number;

  @Field(() => Int, { description: '本户事件流的最新版本号（可作为 expectedRevision）' })
  revision!: number;
}

@ObjectType({ description: '家庭成员（现有成员）' })
export class HouseholdMember {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '18位公民身份号码' })
  idNumber!: string;

  @Field(() => RelationEnum)
  relation!: Relation;

  @Field(() => String, { description: '与户主关系（中文）' })
  relationLabel!: string;

  @Field(() => SexEnum)
  sex!: Sex;

  @Field(() => DateScalar)
  birthDate!: string;

  @Field(() => HealthEnum, { nullable: true })
  health!: Health | null;

  @Field(() => LaborAbilityEnum, { nullable: true })
  laborAbility!: LaborAbility | null;

  @Field(() => Boolean, { nullable: true, description: '是否在校生' })
  inSchool!: boolean | null;

  @Field(() => DateScalar, { description: '成为本户成员的日期' })
  since!: string;
}

@ObjectType({ description: '走访发现的问题及整改情况' })
export class HouseholdProblem {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: '发现该问题的走访' })
  visitId!: string;

  @Field(() => String)
  description!: string;

  @Field(() => DateScalar, { description: '发现日期' })
  foundOn!: string;

  @Field(() => DateScalar, { description: '整改期限' })
  deadline!: string;

  @Field(() => DateScalar, { nullable: true, description: '整改日期；未整改为 null' })
  rectifiedOn!: string | null;

  @Field(() => String, { nullable: true, description: '整改措施' })
  measures!: string | null;

  @Field(() => Boolean, { description: '未整改且整改期限早于今天' })
  overdue!: boolean;
}

@ObjectType({ description: '走访记录' })
export class HouseholdVisit {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar)
  date!: string;

  @Field(() => String, { description: '走访干部' })
  cadre!: string;

  @Field(() => VisitPurposeEnum)
  purpose!: VisitPurpose;

  @Field(() => String)
  purposeLabel!: string;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => YuanScalar, { nullable: true, description: '入户核实的人均收入（元）' })
  perCapitaIncomeCheck!: bigint | null;
}

@ObjectType({ description: '帮扶措施记录' })
export class HouseholdAssistance {
  @Field(() => ID)
  id!: string;

  @Field(() => AssistanceCategoryEnum)
  category!: AssistanceCategory;

  @Field(() => String)
  categoryLabel!: string;

  @Field(() => YuanScalar, { description: '金额（元）' })
  amount!: bigint;

  @Field(() => Int, { description: '受益人数' })
  peopleReached!: number;

  @Field(() => DateScalar)
  date!: string;

  @Field(() => String, { nullable: true, description: '项目或资金来源' })
  programme!: string | null;
}

@ObjectType({ description: '本户事件流中的一条事件（审计记录），按版本号顺序' })
export class HouseholdHistoryEntry {
  @Field(() => ID)
  eventId!: string;

  @Field(() => Int, { description: '本户事件流中的版本号，从 0 开始' })
  revision!: number;

  @Field(() => Float, { description: '全局日志位置（整数；可能超出 32 位）' })
  position!: number;

  @Field(() => String, { description: '事件类型，如 HouseholdRegistered' })
  type!: string;

  @Field(() => DateScalar, { nullable: true, description: '生效日期（业务日期）' })
  effectiveDate!: string | null;

  @Field(() => String, { description: '系统记录时间（ISO-8601）' })
  recordedAt!: string;

  @Field(() => String, { nullable: true, description: '操作人' })
  actor!: string | null;

  @Field(() => ID, { nullable: true, description: '客户端命令编号' })
  commandId!: string | null;

  @Field(() => String, { description: '事件数据（JSON）' })
  data!: string;
}

@InputType({ description: '户列表筛选条件（各条件同时满足）' })
export class HouseholdFilter {
  @Field(() => String, { nullable: true, description: '区划代码前缀（2/4/6/9/12位）' })
  areaCode?: string | null;

  @Field(() => HouseholdStatusEnum, { nullable: true })
  status?: HouseholdStatus | null;

  @Field(() => Boolean, { nullable: true, description: '是否边缘户' })
  edge?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '是否正在监测（监测中）' })
  monitored?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '是否建档立卡贫困户' })
  registeredPoor?: boolean | null;
}

@ObjectType({ description: '户列表（按区划代码、户编号排序）' })
export class HouseholdConnection extends Connection(Household, 'Household') {}
