import type { IsoDate } from '../../domain/index.js';

export interface EliminateRiskCommand {
  type: 'EliminateRisk';
  effectiveDate: IsoDate;
}
