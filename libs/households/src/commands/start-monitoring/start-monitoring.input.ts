import { Field, InputType } from '@nestjs/graphql';
import type { MonitoringCategory, RiskFactor } from '../../domain/index.js';
import { MonitoringCategoryEnum, RiskFactorEnum } from '../../graphql/enums.js';
import { HouseholdCommandInput } from '../../graphql/household-mutation.js';
import { DateScalar } from '../../graphql/scalars.js';

@InputType()
export class StartMonitoringInput extends HouseholdCommandInput {
  @Field(() => MonitoringCategoryEnum) category!: MonitoringCategory;
  @Field(() => [RiskFactorEnum]) riskFactors!: RiskFactor[];
  @Field(() => DateScalar) effectiveDate!: string;
}
