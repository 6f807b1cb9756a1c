import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { ReturnToPovertyInput } from './return-to-poverty.input.js';

@Resolver()
export class ReturnToPovertyResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '登记返贫' })
  returnToPoverty(@Args('input') input: ReturnToPovertyInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ReturnToPoverty', ...fieldsOf(input) });
  }
}
