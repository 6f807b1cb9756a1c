import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { ExitPovertyInput } from './exit-poverty.input.js';

@Resolver()
export class ExitPovertyResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '脱贫退出' })
  exitPoverty(@Args('input') input: ExitPovertyInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ExitPoverty', ...fieldsOf(input) });
  }
}
