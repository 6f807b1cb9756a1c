import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { RecordAssistanceInput } from './record-assistance.input.js';

@Resolver()
export class RecordAssistanceResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '记录帮扶措施' })
  recordAssistance(@Args('input') input: RecordAssistanceInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'RecordAssistance',
      category: input.category,
      amountFen: input.amount,
      peopleReached: input.peopleReached,
      date: input.date,
      programme: input.programme,
    });
  }
}
