import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { RecordIncomeAssessmentInput } from './record-income-assessment.input.js';

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
