import type { IsoDate, MemberChangeReason, MemberInput } from '../../domain/index.js';

export interface AddMemberCommand {
  type: 'AddMember';
  member: MemberInput;
  reason: MemberChangeReason;
  effectiveDate: IsoDate;
}
