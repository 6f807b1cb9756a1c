import type { IsoDate } from '../../domain/index.js';

export interface ReturnToPovertyCommand {
  type: 'ReturnToPoverty';
  effectiveDate: IsoDate;
  reason: string;
}
