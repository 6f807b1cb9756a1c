import type { IsoDate, MonitoringCategory, RiskFactor } from '../../domain/index.js';

export interface StartMonitoringCommand {
  type: 'StartMonitoring';
  category: MonitoringCategory;
  riskFactors: RiskFactor[];
  effectiveDate: IsoDate;
}
