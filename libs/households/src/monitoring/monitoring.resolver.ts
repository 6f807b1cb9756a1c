import { Args, Context, Field, InputType, Mutation, Resolver } from '@nestjs/graphql';
import type { MonitoringCategory, RiskFactor } from '../domain/index.js';
import { MonitoringCategoryEnum, RiskFactorEnum } from '../graphql/enums.js';
import {
  fieldsOf,
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar } from '../graphql/scalars.js';

@InputType()
export class StartMonitoringInput extends HouseholdCommandInput {
  @Field(() => MonitoringCategoryEnum) category!: MonitoringCategory;
  @Field(() => [RiskFactorEnum]) riskFactors!: RiskFactor[];
  @Field(() => DateScalar) effectiveDate!: string;
}

@InputType()
export class EliminateRiskInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
}

@InputType()
export class ReopenMonitoringInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ description: '回退原因' }) reason!: string;
}

@Resolver()
export class MonitoringResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '纳入防返贫监测' })
  startMonitoring(@Args('input') input: StartMonitoringInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'StartMonitoring', ...fieldsOf(input) });
  }

  @Mutation(() => HouseholdMutationResult, { description: '标注风险消除' })
  eliminateRisk(@Args('input') input: EliminateRiskInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'EliminateRisk', ...fieldsOf(input) });
  }

  @Mutation(() => HouseholdMutationResult, { description: '风险消除回退，重新纳入监测' })
  reopenMonitoring(@Args('input') input: ReopenMonitoringInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ReopenMonitoring', ...fieldsOf(input) });
  }
}
