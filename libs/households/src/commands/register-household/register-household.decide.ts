import {
  fail,
  isVillageCode,
  POVERTY_CAUSES,
  requireEffectiveDate,
  requireFreeToJoin,
  requireOneOf,
  requireValidMember,
  yearOf,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { RegisterHouseholdCommand } from './register-household.command.js';

export function decideRegisterHousehold(
  state: HouseholdState,
  c: RegisterHouseholdCommand,
  ctx: DecisionContext,
): EventOf<'HouseholdRegistered'>[] {
  if (state.status !== 'Unregistered') {
    fail('HOUSEHOLD_ALREADY_REGISTERED', `户 ${c.householdId} 已登记，不能重复登记`);
  }
  if (!isVillageCode(c.areaCode)) {
    fail('INVALID_AREA_CODE', `区划代码 ${c.areaCode} 不是12位村级统计用区划代码`, {
      areaCode: c.areaCode,
    });
  }
  requireEffectiveDate(c.effectiveDate, ctx);
  if (c.registeredPoor) {
    if (c.identifiedYear === undefined) {
      fail('MISSING_IDENTIFIED_YEAR', '建档立卡贫困户必须填写识别年度');
    }
    if (c.identifiedYear < 2013 || c.identifiedYear > yearOf(c.effectiveDate)) {
      fail('INVALID_YEAR', `识别年度 ${c.identifiedYear} 应在2013年至登记日期所在年度之间`);
    }
  } else if (c.identifiedYear !== undefined || (c.povertyCauses?.length ?? 0) > 0) {
    fail('INVALID_INPUT', '非建档立卡户不填写识别年度和致贫原因');
  }
  for (const cause of c.povertyCauses ?? []) requireOneOf(cause, POVERTY_CAUSES, '致贫原因');
  if (c.members.length === 0) fail('HEAD_REQUIRED', '登记时至少要有一名家庭成员（户主）');
  const members = c.members.map((m) => requireValidMember(m, c.effectiveDate));
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.idNumber)) fail('DUPLICATE_MEMBER', `身份证号 ${m.idNumber} 在成员中重复`);
    seen.add(m.idNumber);
    requireFreeToJoin(m.idNumber, c.householdId, c.effectiveDate, ctx);
  }
  const heads = members.filter((m) => m.relation === 'HEAD').length;
  if (heads === 0) fail('HEAD_REQUIRED', '家庭成员中必须有一名户主');
  if (heads > 1) fail('MULTIPLE_HEADS', '一户只能有一名户主');
  return [
    {
      type: 'HouseholdRegistered',
      data: {
        householdId: c.householdId,
        areaCode: c.areaCode,
        ...(c.address !== undefined && { address: c.address }),
        registeredPoor: c.registeredPoor,
        ...(c.identifiedYear !== undefined && { identifiedYear: c.identifiedYear }),
        povertyCauses: [...new Set(c.povertyCauses ?? [])],
        members,
        effectiveDate: c.effectiveDate,
      },
    },
  ];
}
