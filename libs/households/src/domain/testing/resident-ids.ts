/**
 * The one resident-ID builder for every test layer (decider specs, read-model specs, e2e tests).
 * It lives here, in a `testing/` folder of the domain, because the check character is domain
 * knowledge, the folder is left out of the build, and the module is pure: e2e support can import it
 * without pulling in the decider's given/when/then helpers (`testing.spec-helpers.ts`) or Nest.
 */
import { residentIdCheckChar } from '../resident-id.js';

/** Yongxing county, the area of every test ID. */
export const COUNTY = '431023';

/**
 * An 18-character resident ID of Yongxing county (431023): the birth date (`YYYY-MM-DD` or
 * `YYYYMMDD`), a 3-digit sequence (17th digit odd = male, even = female) and its check character.
 * It is not checked: specs build IDs with impossible birth dates on purpose.
 */
export function residentId(birth: string, sequence: number | string): string {
  const first17 = `${COUNTY}${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}
