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
export class EdgeHouseholdInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ nullable: true }) reason?: string;
}

@Resolver()
export class EdgeHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '标注边缘户（仅限非建档立卡户）' })
  flagEdgeHousehold(@Args('input') input: EdgeHouseholdInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'FlagEdgeHousehold', ...fieldsOf(input) });
  }

  @Mutation(() => HouseholdMutationResult, { description: '取消边缘户标注' })
  clearEdgeHousehold(@Args('input') input: EdgeHouseholdInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, { type: 'ClearEdgeHousehold', ...fieldsOf(input) });
  }
}
