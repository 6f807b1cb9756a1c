import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { LogVisitInput } from './log-visit.input.js';

@Resolver()
export class LogVisitResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '记录走访，以及走访发现的问题' })
  logVisit(@Args('input') input: LogVisitInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'LogVisit',
      date: input.date,
      cadre: input.cadre,
      purpose: input.purpose,
      notes: input.notes,
      perCapitaIncomeCheckFen: input.perCapitaIncomeCheck,
      problems: input.problems?.map((p) => ({ ...p })),
    });
  }
}
