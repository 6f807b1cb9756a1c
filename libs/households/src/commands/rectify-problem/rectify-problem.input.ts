import { Field, ID, InputType } from '@nestjs/graphql';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class RectifyProblemInput extends HouseholdCommandInput {
  @Field(() => ID) problemId!: string;
  @Field(() => DateScalar) date!: string;
  @Field({ description: '整改措施' }) measures!: string;
}
