import { Args, Context, Field, ID, InputType, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar } from '../graphql/scalars.js';

@InputType()
export class RectifyProblemInput extends HouseholdCommandInput {
  @Field(() => ID) problemId!: string;
  @Field(() => DateScalar) date!: string;
  @Field({ description: '整改措施' }) measures!: string;
}

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
