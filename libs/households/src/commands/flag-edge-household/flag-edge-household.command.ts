import type { IsoDate } from '../../domain/index.js';

export interface FlagEdgeHouseholdCommand {
  type: 'FlagEdgeHousehold';
  effectiveDate: IsoDate;
  reason?: string;
}
