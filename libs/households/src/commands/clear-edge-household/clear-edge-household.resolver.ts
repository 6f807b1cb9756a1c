import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { EdgeHouseholdInput } from '../../graphql/edge-household.input.js';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';

@Resolver()
export class ClearEdgeHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '取消边缘户标注' })
  clearEdgeHousehold(@Args('input') input: EdgeHouseholdInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ClearEdgeHousehold', ...fieldsOf(input) });
  }
}
