import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { DeregisterHouseholdInput } from './deregister-household.input.js';

@Resolver()
export class DeregisterHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '注销（错评剔除或销户）；历史记录保留' })
  deregisterHousehold(
    @Args('input') input: DeregisterHouseholdInput,
    @Context() ctx: RequestContext,
  ) {
    return this.commands.run(input, ctx, { type: 'DeregisterHousehold', ...fieldsOf(input) });
  }
}
