import type { IsoDate, VisitPurpose } from '../../domain/index.js';

/** A problem found on the visit, to be rectified by its deadline. */
export interface ProblemInput {
  description: string;
  deadline: IsoDate;
}

export interface LogVisitCommand {
  type: 'LogVisit';
  date: IsoDate;
  cadre: string;
  purpose: VisitPurpose;
  notes?: string;
  perCapitaIncomeCheckFen?: number;
  problems?: ProblemInput[];
}
