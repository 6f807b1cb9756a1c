import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { RectifyProblemInput } from './rectify-problem.input.js';

@Resolver()
export class RectifyProblemResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '登记问题整改' })
  rectifyProblem(@Args('input') input: RectifyProblemInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'RectifyProblem',
      ...fieldsOf(input),
      // Problem ids are UUIDs we issued in lower case; phones may send them upper-cased.
      problemId: input.problemId.toLowerCase(),
    });
  }
}
