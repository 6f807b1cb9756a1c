import { Field, InputType } from '@nestjs/graphql';
import type { VisitPurpose } from '../../domain/index.js';
import { VisitPurposeEnum } from '../../graphql/enums.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar, YuanScalar } from '../../graphql/scalars.js';

@InputType({ description: '走访发现的问题' })
export class ProblemInput {
  @Field() description!: string;
  @Field(() => DateScalar, { description: '整改期限' }) deadline!: string;
}

@InputType()
export class LogVisitInput extends HouseholdCommandInput {
  @Field(() => DateScalar) date!: string;
  @Field({ description: '走访干部' }) cadre!: string;
  @Field(() => VisitPurposeEnum) purpose!: VisitPurpose;
  @Field({ nullable: true }) notes?: string;
  @Field(() => YuanScalar, { nullable: true, description: '走访时核实的人均收入（元）' })
  perCapitaIncomeCheck?: number;
  @Field(() => [ProblemInput], { nullable: true }) problems?: ProblemInput[];
}
