import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { ReopenMonitoringInput } from './reopen-monitoring.input.js';

@Resolver()
export class ReopenMonitoringResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '风险消除回退，重新纳入监测' })
  reopenMonitoring(@Args('input') input: ReopenMonitoringInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ReopenMonitoring', ...fieldsOf(input) });
  }
}
