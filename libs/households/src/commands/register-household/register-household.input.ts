import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { PovertyCause } from '../../domain/index.js';
import { PovertyCauseEnum } from '../../graphql/enums.js';
import { CommandInput } from '../../graphql/household-mutation.js';
import { MemberInput } from '../../graphql/member.input.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class RegisterHouseholdInput extends CommandInput {
  @Field(() => ID, { nullable: true, description: '户编号（UUID）；不填则由系统生成' })
  householdId?: string;
  @Field({ description: '村级12位统计用区划代码' }) areaCode!: string;
  @Field({ nullable: true }) address?: string;
  @Field({ description: '是否建档立卡贫困户' }) registeredPoor!: boolean;
  @Field(() => Int, { nullable: true, description: '识别年度（建档立卡户必填）' })
  identifiedYear?: number;
  @Field(() => [PovertyCauseEnum], { nullable: true, description: '致贫原因' })
  povertyCauses?: PovertyCause[];
  @Field(() => DateScalar) effectiveDate!: string;
  @Field(() => [MemberInput]) members!: MemberInput[];
}
