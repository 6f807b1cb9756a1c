import { Args, Context, Field, InputType, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { AssistanceCategory } from '../domain/index.js';
import { AssistanceCategoryEnum } from '../graphql/enums.js';
import {
  HouseholdCommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar, YuanScalar } from '../graphql/scalars.js';

@InputType()
export class RecordAssistanceInput extends HouseholdCommandInput {
  @Field(() => AssistanceCategoryEnum) category!: AssistanceCategory;
  @Field(() => YuanScalar, { description: '金额（元）' }) amount!: number;
  @Field(() => Int, { description: '受益人数' }) peopleReached!: number;
  @Field(() => DateScalar) date!: string;
  @Field({ nullable: true, description: '项目或资金来源' }) programme?: string;
}

@Resolver()
export class RecordAssistanceResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '记录帮扶措施' })
  recordAssistance(@Args('input') input: RecordAssistanceInput, @Context() ctx: RequestContext) {
    return this.commands.run(input, ctx, {
      type: 'RecordAssistance',
      category: input.category,
      amountFen: input.amount,
      peopleReached: input.peopleReached,
      date: input.date,
      programme: input.programme,
    });
  }
}
