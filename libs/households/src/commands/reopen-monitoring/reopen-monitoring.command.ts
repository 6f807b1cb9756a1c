import type { IsoDate } from '../../domain/index.js';

export interface ReopenMonitoringCommand {
  type: 'ReopenMonitoring';
  effectiveDate: IsoDate;
  reason: string;
}
