import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { EdgeHouseholdInput } from '../../graphql/edge-household.input.js';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';

@Resolver()
export class FlagEdgeHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '标注边缘户（仅限非建档立卡户）' })
  flagEdgeHousehold(@Args('input') input: EdgeHouseholdInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'FlagEdgeHousehold', ...fieldsOf(input) });
  }
}
