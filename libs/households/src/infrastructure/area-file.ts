import { readFileSync } from 'node:fs';
import { isAreaPrefix } from '../domain/index.js';
import type { AreaRegistry } from '../shared/tokens.js';

/**
 * Loads the office's area registry: a JSON object from statistical area code (6, 9 or 12 digits)
 * to name, e.g. { "431023": "永兴县", "431023100": "便江街道" }. A bad file stops start-up.
 */
export function loadAreaFile(path: string): AreaRegistry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Area file ${path} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`Area file ${path} must be a JSON object of area code → name`);
  }
  const names = new Map<string, string>();
  for (const [code, name] of Object.entries(parsed as Record<string, unknown>)) {
    if (!isAreaPrefix(code) || ![6, 9, 12].includes(code.length)) {
      throw new Error(`Area file ${path}: "${code}" is not a 6, 9 or 12 digit area code`);
    }
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
      throw new Error(`Area file ${path}: the name of ${code} must be a non-empty string`);
    }
    names.set(code, name.trim());
  }
  return { nameOf: (code) => names.get(code) };
}

/** No names known: reports print codes only. */
export const EMPTY_AREA_REGISTRY: AreaRegistry = { nameOf: () => undefined };
