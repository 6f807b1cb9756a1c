import type { DeregistrationReason, IsoDate } from '../../domain/index.js';

export interface DeregisterHouseholdCommand {
  type: 'DeregisterHousehold';
  effectiveDate: IsoDate;
  reason: DeregistrationReason;
  note?: string;
}
