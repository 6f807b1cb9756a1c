import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { normalizeResidentId } from '../../graphql/member.input.js';
import { RemoveMemberInput } from './remove-member.input.js';

@Resolver()
export class RemoveMemberResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '减少家庭成员' })
  removeMember(@Args('input') input: RemoveMemberInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'RemoveMember',
      idNumber: normalizeResidentId(input.idNumber),
      reason: input.reason,
      effectiveDate: input.effectiveDate,
      newHeadIdNumber: input.newHeadIdNumber && normalizeResidentId(input.newHeadIdNumber),
    });
  }
}
