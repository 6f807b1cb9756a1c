import type { BasicNeedsChecklist, IsoDate } from '../../domain/index.js';

export interface ExitPovertyCommand {
  type: 'ExitPoverty';
  year: number;
  effectiveDate: IsoDate;
  checklist: BasicNeedsChecklist;
}
