import { Field, InputType, Int } from '@nestjs/graphql';
import type { AssistanceCategory } from '../../domain/index.js';
import { AssistanceCategoryEnum } from '../../graphql/enums.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar, YuanScalar } from '../../graphql/scalars.js';

@InputType()
export class RecordAssistanceInput extends HouseholdCommandInput {
  @Field(() => AssistanceCategoryEnum) category!: AssistanceCategory;
  @Field(() => YuanScalar, { description: '金额（元）' }) amount!: number;
  @Field(() => Int, { description: '受益人数' }) peopleReached!: number;
  @Field(() => DateScalar) date!: string;
  @Field({ nullable: true, description: '项目或资金来源' }) programme?: string;
}
