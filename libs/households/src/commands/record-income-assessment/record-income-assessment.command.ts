import type { IsoDate } from '../../domain/index.js';

export interface RecordIncomeAssessmentCommand {
  type: 'RecordIncomeAssessment';
  year: number;
  perCapitaNetIncomeFen: number;
  effectiveDate: IsoDate;
}
