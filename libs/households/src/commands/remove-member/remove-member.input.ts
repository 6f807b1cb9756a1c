import { Field, InputType } from '@nestjs/graphql';
import type { MemberChangeReason } from '../../domain/index.js';
import { MemberChangeReasonEnum } from '../../graphql/enums.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class RemoveMemberInput extends HouseholdCommandInput {
  @Field() idNumber!: string;
  @Field(() => MemberChangeReasonEnum, { description: '死亡、婚出、迁出、分户或更正' })
  reason!: MemberChangeReason;
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ nullable: true, description: '户主减员时，指定新户主的身份证号' })
  newHeadIdNumber?: string;
}
