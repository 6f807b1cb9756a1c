import { Field, InputType } from '@nestjs/graphql';
import { HouseholdCommandInput } from './household-mutation.js';
import { DateScalar } from './scalars.js';

/** The input of both FlagEdgeHousehold and ClearEdgeHousehold. */
@InputType()
export class EdgeHouseholdInput extends HouseholdCommandInput {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field({ nullable: true }) reason?: string;
}
