import { Args, Context, Field, InputType, Mutation, Resolver } from '@nestjs/graphql';
import type { DeregistrationReason } from '../domain/index.js';
import { DeregistrationReasonEnum } from '../graphql/enums.js';
import {
  fieldsOf,
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar } from '../graphql/scalars.js';

@InputType()
export class DeregisterHouseholdInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field(() => DeregistrationReasonEnum, { description: '错评、销户或其他' })
  reason!: DeregistrationReason;
  @Field({ nullable: true }) note?: string;
}

@Resolver()
export class DeregisterHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '注销（错评剔除或销户）；历史记录保留' })
  deregisterHousehold(
    @Args('input') input: DeregisterHouseholdInput,
    @Context() ctx: RequestContext,
  ) {
    return this.commands.run(input, ctx, { type: 'DeregisterHousehold', ...fieldsOf(input) });
  }
}
