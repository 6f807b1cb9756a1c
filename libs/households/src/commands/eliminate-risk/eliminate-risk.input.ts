import { Field, InputType } from '@nestjs/graphql';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class EliminateRiskInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
}
