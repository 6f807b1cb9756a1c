import { Field, InputType, Int } from '@nestjs/graphql';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar, YuanScalar } from '../../graphql/scalars.js';

@InputType()
export class RecordIncomeAssessmentInput extends HouseholdCommandInput {
  @Field(() => Int, { description: '收入所属年度' }) year!: number;
  @Field(() => YuanScalar, { description: '人均纯收入（元）' }) perCapitaNetIncome!: number;
  @Field(() => DateScalar) effectiveDate!: string;
}
