import { Field, InputType } from '@nestjs/graphql';
import type { MemberInput as DomainMember } from '../domain/index.js';
import { HealthEnum, LaborAbilityEnum, RelationEnum, SexEnum } from './enums.js';

/** A member as registration and AddMember take it. */
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

/** Cadres type the check character as a lower-case x, or paste spaces around the number. */
export function normalizeResidentId(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

export function normalizeMember(m: MemberInput): DomainMember {
  return { ...m, idNumber: normalizeResidentId(m.idNumber) };
}
