import type { IsoDate, MemberChangeReason } from '../../domain/index.js';

export interface RemoveMemberCommand {
  type: 'RemoveMember';
  idNumber: string;
  reason: MemberChangeReason;
  effectiveDate: IsoDate;
  /** Required when the head leaves: the remaining member who becomes head. */
  newHeadIdNumber?: string;
}
