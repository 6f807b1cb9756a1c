import { Args, Context, Field, InputType, Int, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar, YuanScalar } from '../graphql/scalars.js';

@InputType()
export class RecordIncomeAssessmentInput extends HouseholdCommandInput {
  @Field(() => Int, { description: '收入所属年度' }) year!: number;
  @Field(() => YuanScalar, { description: '人均纯收入（元）' }) perCapitaNetIncome!: number;
  @Field(() => DateScalar) effectiveDate!: string;
}

@Resolver()
export class RecordIncomeAssessmentResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '核定某年人均纯收入' })
  recordIncomeAssessment(
    @Args('input') input: RecordIncomeAssessmentInput,
    @Context() ctx: RequestContext,
  ) {
    return this.commands.run(input, ctx, {
      type: 'RecordIncomeAssessment',
      year: input.year,
      perCapitaNetIncomeFen: input.perCapitaNetIncome,
      effectiveDate: input.effectiveDate,
    });
  }
}
