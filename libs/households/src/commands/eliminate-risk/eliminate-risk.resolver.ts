import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { EliminateRiskInput } from './eliminate-risk.input.js';

@Resolver()
export class EliminateRiskResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '标注风险消除' })
  eliminateRisk(@Args('input') input: EliminateRiskInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'EliminateRisk', ...fieldsOf(input) });
  }
}
