import type { IsoDate } from './dates.js';
import type { DecisionContext } from './decision-context.js';
import { fail } from './errors.js';
import type { Member } from './events.js';
import { checkResidentId, type Sex } from './resident-id.js';
import { requireOneOf, requireText } from './rules.js';
import {
  HEALTH_STATES,
  LABOR_ABILITIES,
  RELATIONS,
  type Health,
  type LaborAbility,
  type Relation,
} from './vocabulary.js';

/** A member as a cadre enters it; sex is optional and must agree with the resident ID. */
export interface MemberInput {
  name: string;
  idNumber: string;
  relation: Relation;
  sex?: Sex;
  health?: Health;
  laborAbility?: LaborAbility;
  inSchool?: boolean;
}

/** A member as it is recorded: a valid resident ID, from which sex and birth date are taken. */
export function requireValidMember(m: MemberInput, effectiveDate: IsoDate): Member {
  const name = requireText(m.name, '成员姓名');
  requireOneOf(m.relation, RELATIONS, '与户主关系');
  if (m.health !== undefined) requireOneOf(m.health, HEALTH_STATES, '健康状况');
  if (m.laborAbility !== undefined) requireOneOf(m.laborAbility, LABOR_ABILITIES, '劳动能力');
  const id = checkResidentId(m.idNumber);
  if (!id.ok) {
    const why = {
      FORMAT: '应为18位（末位可为X）',
      CHECK_DIGIT: '校验位不正确',
      BIRTH_DATE: '出生日期无效',
    }[id.problem];
    fail('INVALID_RESIDENT_ID', `${name} 的身份证号 ${m.idNumber} ${why}`, {
      idNumber: m.idNumber,
      problem: id.problem,
    });
  }
  if (m.sex !== undefined && m.sex !== id.sex) {
    fail('RESIDENT_ID_SEX_MISMATCH', `${name} 的性别与身份证号第17位不符`, {
      idNumber: m.idNumber,
    });
  }
  if (id.birthDate > effectiveDate) {
    fail('INVALID_RESIDENT_ID', `${name} 的出生日期 ${id.birthDate} 晚于登记日期 ${effectiveDate}`);
  }
  return {
    name,
    idNumber: m.idNumber,
    relation: m.relation,
    sex: id.sex,
    birthDate: id.birthDate,
    ...(m.health !== undefined && { health: m.health }),
    ...(m.laborAbility !== undefined && { laborAbility: m.laborAbility }),
    ...(m.inSchool !== undefined && { inSchool: m.inSchool }),
  };
}

/** One person, one household: not a member elsewhere, and not joining before leaving. */
export function requireFreeToJoin(
  idNumber: string,
  householdId: string,
  effectiveDate: IsoDate,
  ctx: DecisionContext,
): void {
  const other = ctx.memberships.get(idNumber);
  if (other !== undefined && other !== householdId) {
    fail('MEMBER_IN_OTHER_HOUSEHOLD', `身份证号 ${idNumber} 已是另一户（${other}）的现有成员`, {
      idNumber,
      householdId: other,
    });
  }
  const left = ctx.membershipEnds?.get(idNumber);
  if (left !== undefined && effectiveDate < left) {
    fail(
      'DATE_BEFORE_PREVIOUS_CHANGE',
      `身份证号 ${idNumber} 的成员于 ${left} 才离开原户，加入日期 ${effectiveDate} 不能更早`,
      { earliest: left },
    );
  }
}
