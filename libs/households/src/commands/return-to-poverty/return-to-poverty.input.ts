import { Field, InputType } from '@nestjs/graphql';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class ReturnToPovertyInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ description: '返贫原因' }) reason!: string;
}
