import { Args, Context, Field, InputType, Mutation, Resolver } from '@nestjs/graphql';
import type { MemberChangeReason } from '../domain/index.js';
import { MemberChangeReasonEnum } from '../graphql/enums.js';
import {
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar } from '../graphql/scalars.js';
import {
  MemberInput,
  normalizeMember,
  normalizeResidentId,
} from '../register-household/register-household.resolver.js';

@InputType()
export class AddMemberInput extends HouseholdCommandInput {
  @Field(() => MemberInput) member!: MemberInput;
  @Field(() => MemberChangeReasonEnum, { description: '出生、婚入、迁入、分户或更正' })
  reason!: MemberChangeReason;
  @Field(() => DateScalar) effectiveDate!: string;
}

@InputType()
export class RemoveMemberInput extends HouseholdCommandInput {
  @Field() idNumber!: string;
  @Field(() => MemberChangeReasonEnum, { description: '死亡、婚出、迁出、分户或更正' })
  reason!: MemberChangeReason;
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ nullable: true, description: '户主减员时，指定新户主的身份证号' })
  newHeadIdNumber?: string;
}

@Resolver()
export class ManageMembersResolver {
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
