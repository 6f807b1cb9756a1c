/**
 * Policy parameters per year. They are data — loaded from a versioned policy file and passed
 * into the deciders — never constants in the domain.
 */
export interface YearPolicy {
  year: number;
  /** Poverty line, per-capita net income, fen per year. */
  povertyLineFen: number;
  /** Monitoring line (防返贫监测线), fen per year. */
  monitoringLineFen: number;
  /** Minimum months under monitoring before risk elimination. */
  minMonitoringMonths: number;
  /** Some provinces keep households without working-age labour under monitoring. */
  requireLabourForElimination: boolean;
}

export interface PolicyBook {
  version: string;
  years: ReadonlyMap<number, YearPolicy>;
}

export function policyFor(book: PolicyBook, year: number): YearPolicy | undefined {
  return book.years.get(year);
}
