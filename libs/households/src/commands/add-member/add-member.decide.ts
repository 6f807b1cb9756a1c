import {
  ADD_REASONS,
  fail,
  requireActive,
  requireEffectiveDate,
  requireFreeToJoin,
  requireValidMember,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { AddMemberCommand } from './add-member.command.js';

export function decideAddMember(
  state: HouseholdState,
  c: AddMemberCommand,
  ctx: DecisionContext,
): EventOf<'MemberAdded'>[] {
  const s = requireActive(state);
  if (!ADD_REASONS.includes(c.reason)) {
    fail(
      'INVALID_MEMBER_CHANGE_REASON',
      `“${c.reason}”不是增加成员的原因（出生、婚入、迁入、分户、更正）`,
    );
  }
  requireEffectiveDate(c.effectiveDate, ctx, s.facts.registeredOn, '登记日期');
  const member = requireValidMember(c.member, c.effectiveDate);
  if (s.facts.members[member.idNumber]) {
    fail('DUPLICATE_MEMBER', `身份证号 ${member.idNumber} 已是本户成员`);
  }
  if (member.relation === 'HEAD')
    fail('MULTIPLE_HEADS', '本户已有户主；更换户主请在户主减员时指定新户主');
  requireFreeToJoin(member.idNumber, s.facts.householdId, c.effectiveDate, ctx);
  return [
    { type: 'MemberAdded', data: { member, reason: c.reason, effectiveDate: c.effectiveDate } },
  ];
}
