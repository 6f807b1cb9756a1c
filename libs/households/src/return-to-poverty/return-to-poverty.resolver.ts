import { Args, Context, Field, InputType, Mutation, Resolver } from '@nestjs/graphql';
import {
  fieldsOf,
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar } from '../graphql/scalars.js';

@InputType()
export class ReturnToPovertyInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ description: '返贫原因' }) reason!: string;
}

@Resolver()
export class ReturnToPovertyResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '登记返贫' })
  returnToPoverty(@Args('input') input: ReturnToPovertyInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ReturnToPoverty', ...fieldsOf(input) });
  }
}
