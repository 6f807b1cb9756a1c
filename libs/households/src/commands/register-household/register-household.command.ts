import type { IsoDate, MemberInput, PovertyCause } from '../../domain/index.js';

export interface RegisterHouseholdCommand {
  type: 'RegisterHousehold';
  householdId: string;
  areaCode: string;
  address?: string;
  registeredPoor: boolean;
  identifiedYear?: number;
  povertyCauses?: PovertyCause[];
  effectiveDate: IsoDate;
  members: MemberInput[];
}
