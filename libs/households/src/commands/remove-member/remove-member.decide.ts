import {
  fail,
  REMOVE_REASONS,
  requireActive,
  requireEffectiveDate,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { RemoveMemberCommand } from './remove-member.command.js';

export function decideRemoveMember(
  state: HouseholdState,
  c: RemoveMemberCommand,
  ctx: DecisionContext,
): EventOf<'MemberRemoved'>[] {
  const s = requireActive(state);
  if (!REMOVE_REASONS.includes(c.reason)) {
    fail(
      'INVALID_MEMBER_CHANGE_REASON',
      `“${c.reason}”不是减少成员的原因（死亡、婚出、迁出、分户、更正）`,
    );
  }
  const member = s.facts.members[c.idNumber];
  if (!member) fail('MEMBER_NOT_FOUND', `身份证号 ${c.idNumber} 不是本户现有成员`);
  requireEffectiveDate(c.effectiveDate, ctx, member.since, '该成员加入日期');
  if (Object.keys(s.facts.members).length === 1) {
    fail('LAST_MEMBER', '不能减去最后一名成员；整户注销请使用“销户”');
  }
  if (member.relation === 'HEAD') {
    const next = c.newHeadIdNumber;
    if (!next || next === c.idNumber || !s.facts.members[next]) {
      fail('HEAD_REQUIRED', '户主减员时必须指定一名本户现有成员为新户主');
    }
  } else if (c.newHeadIdNumber !== undefined) {
    fail('INVALID_INPUT', '只有户主减员时才指定新户主');
  }
  return [
    {
      type: 'MemberRemoved',
      data: {
        idNumber: c.idNumber,
        reason: c.reason,
        effectiveDate: c.effectiveDate,
        ...(c.newHeadIdNumber !== undefined && { newHeadIdNumber: c.newHeadIdNumber }),
      },
    },
  ];
}
