import { Field, InputType } from '@nestjs/graphql';
import type { DeregistrationReason } from '../../domain/index.js';
import { DeregistrationReasonEnum } from '../../graphql/enums.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class DeregisterHouseholdInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field(() => DeregistrationReasonEnum, { description: '错评、销户或其他' })
  reason!: DeregistrationReason;
  @Field({ nullable: true }) note?: string;
}
