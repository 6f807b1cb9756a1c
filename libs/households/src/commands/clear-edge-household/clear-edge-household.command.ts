import type { IsoDate } from '../../domain/index.js';

export interface ClearEdgeHouseholdCommand {
  type: 'ClearEdgeHousehold';
  effectiveDate: IsoDate;
  reason?: string;
}
