import { readFileSync } from 'node:fs';
import { parseYuan, type PolicyBook, type YearPolicy } from '../domain/index.js';

interface PolicyFileYear {
  year: number;
  povertyLine: string;
  monitoringLine: string;
  minMonitoringMonths: number;
  requireLabourForElimination?: boolean;
}

/** Loads and validates the versioned policy file; a bad file stops start-up with a clear message. */
export function loadPolicyFile(path: string): PolicyBook {
  let parsed: { version?: unknown; years?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new Error(`Policy file ${path} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof parsed.version !== 'string' || !Array.isArray(parsed.years)) {
    throw new Error(`Policy file ${path} needs a "version" string and a "years" array`);
  }
  const years = new Map<number, YearPolicy>();
  for (const entry of parsed.years as PolicyFileYear[]) {
    const where = `Policy file ${path}, year ${String(entry.year)}`;
    if (!Number.isInteger(entry.year)) throw new Error(`${where}: "year" must be an integer`);
    if (years.has(entry.year)) throw new Error(`${where}: listed twice`);
    const povertyLineFen = parseYuan(String(entry.povertyLine));
    const monitoringLineFen = parseYuan(String(entry.monitoringLine));
    if (povertyLineFen === undefined || monitoringLineFen === undefined) {
      throw new Error(`${where}: lines must be yuan strings such as "4000.00"`);
    }
    if (!Number.isInteger(entry.minMonitoringMonths) || entry.minMonitoringMonths < 0) {
      throw new Error(`${where}: "minMonitoringMonths" must be a non-negative integer`);
    }
    years.set(entry.year, {
      year: entry.year,
      povertyLineFen,
      monitoringLineFen,
      minMonitoringMonths: entry.minMonitoringMonths,
      requireLabourForElimination: entry.requireLabourForElimination === true,
    });
  }
  return { version: parsed.version, years };
}
