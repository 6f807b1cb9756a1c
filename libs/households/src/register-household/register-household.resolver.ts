import { Args, Context, Field, ID, InputType, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { MemberInput as DomainMember, PovertyCause } from '../domain/index.js';
import {
  HealthEnum,
  LaborAbilityEnum,
  PovertyCauseEnum,
  RelationEnum,
  SexEnum,
} from '../graphql/enums.js';
import {
  CommandInput,
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../graphql/household-mutation.js';
import { DateScalar } from '../graphql/scalars.js';
import { newUuid, toHouseholdId, uuidV5 } from '../infrastructure/ids.js';

@InputType({ description: '家庭成员' })
export class MemberInput implements DomainMember {
  @Field({ description: '姓名' }) name!: string;
  @Field({ description: '18位公民身份号码' }) idNumber!: string;
  @Field(() => RelationEnum, { description: '与户主关系' }) relation!: DomainMember['relation'];
  @Field(() => SexEnum, { nullable: true, description: '性别（须与身份证号一致）' })
  sex?: DomainMember['sex'];
  @Field(() => HealthEnum, { nullable: true }) health?: DomainMember['health'];
  @Field(() => LaborAbilityEnum, { nullable: true }) laborAbility?: DomainMember['laborAbility'];
  @Field({ nullable: true, description: '是否在校生' }) inSchool?: boolean;
}

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

/** Cadres type the check character as a lower-case x, or paste spaces around the number. */
export function normalizeResidentId(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

export function normalizeMember(m: MemberInput): DomainMember {
  return { ...m, idNumber: normalizeResidentId(m.idNumber) };
}

@Resolver()
export class RegisterHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '登记一户（建档立卡户或非建档立卡户）' })
  registerHousehold(@Args('input') input: RegisterHouseholdInput, @Context() ctx: RequestContext) {
    // A retry without a household id must land on the same stream, so derive it from the command id.
    const householdId = input.householdId
      ? toHouseholdId(input.householdId)
      : input.commandId
        ? uuidV5(`household:${input.commandId}`)
        : newUuid();
    return this.commands.run({ ...input, householdId }, ctx, {
      type: 'RegisterHousehold',
      householdId,
      areaCode: input.areaCode,
      address: input.address,
      registeredPoor: input.registeredPoor,
      identifiedYear: input.identifiedYear,
      povertyCauses: input.povertyCauses,
      effectiveDate: input.effectiveDate,
      members: input.members.map(normalizeMember),
    });
  }
}
