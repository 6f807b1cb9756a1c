import { Field, InputType } from '@nestjs/graphql';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class ReopenMonitoringInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ description: '回退原因' }) reason!: string;
}
