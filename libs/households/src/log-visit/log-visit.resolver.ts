import { Args, Context, Field, InputType, Mutation, Resolver } from '@nestjs/graphql';
import type { VisitPurpose } from '../domain/index.js';
import { VisitPurposeEnum } from '../graphql/enums.js';
import {
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar, YuanScalar } from '../graphql/scalars.js';

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

@Resolver()
export class LogVisitResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '记录走访，以及走访发现的问题' })
  logVisit(@Args('input') input: LogVisitInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'LogVisit',
      date: input.date,
      cadre: input.cadre,
      purpose: input.purpose,
      notes: input.notes,
      perCapitaIncomeCheckFen: input.perCapitaIncomeCheck,
      problems: input.problems?.map((p) => ({ ...p })),
    });
  }
}
