import { Field, InputType } from '@nestjs/graphql';
import type { MemberChangeReason } from '../../domain/index.js';
import { MemberChangeReasonEnum } from '../../graphql/enums.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { MemberInput } from '../../graphql/member.input.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class AddMemberInput extends HouseholdCommandInput {
  @Field(() => MemberInput) member!: MemberInput;
  @Field(() => MemberChangeReasonEnum, { description: '出生、婚入、迁入、分户或更正' })
  reason!: MemberChangeReason;
  @Field(() => DateScalar) effectiveDate!: string;
}
