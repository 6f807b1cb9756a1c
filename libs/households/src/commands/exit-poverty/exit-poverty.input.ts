import { Field, InputType, Int } from '@nestjs/graphql';
import type { BasicNeedsChecklist } from '../../domain/index.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType({ description: '“两不愁三保障”及饮水安全核验' })
export class ChecklistInput implements BasicNeedsChecklist {
  @Field({ description: '不愁吃不愁穿' }) foodAndClothing!: boolean;
  @Field({ description: '义务教育有保障' }) education!: boolean;
  @Field({ description: '基本医疗有保障' }) medical!: boolean;
  @Field({ description: '住房安全有保障' }) housing!: boolean;
  @Field({ description: '饮水安全' }) drinkingWater!: boolean;
}

@InputType()
export class ExitPovertyInput extends HouseholdCommandInput {
  @Field(() => Int, { description: '退出年度' }) year!: number;
  @Field(() => DateScalar) effectiveDate!: string;
  @Field(() => ChecklistInput) checklist!: ChecklistInput;
}
