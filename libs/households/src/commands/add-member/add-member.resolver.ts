import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { normalizeMember } from '../../graphql/member.input.js';
import { AddMemberInput } from './add-member.input.js';

@Resolver()
export class AddMemberResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '增加家庭成员' })
  addMember(@Args('input') input: AddMemberInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'AddMember',
      member: normalizeMember(input.member),
      reason: input.reason,
      effectiveDate: input.effectiveDate,
    });
  }
}
