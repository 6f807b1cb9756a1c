import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { StartMonitoringInput } from './start-monitoring.input.js';

@Resolver()
export class StartMonitoringResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '纳入防返贫监测' })
  startMonitoring(@Args('input') input: StartMonitoringInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'StartMonitoring', ...fieldsOf(input) });
  }
}
