import { createHash, randomUUID } from 'node:crypto';
import { InputError } from '../shared/input-error.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export const newUuid = (): string => randomUUID();

/**
 * A household id from a client: a UUID in any letter case (phones send upper case), kept in
 * lower case so one household never has two streams.
 */
export function toHouseholdId(value: string): string {
  if (typeof value !== 'string' || !isUuid(value)) {
    throw new InputError('INVALID_ID', `户编号格式不正确：“${String(value)}”不是 UUID`);
  }
  return value.toLowerCase();
}

// A fixed namespace for ids derived from client command ids (RFC 4122 name-based, SHA-1).
const NAMESPACE = Buffer.from('5b0f6f0e3c2a4d0e9a51c1d7e2f4a8b3', 'hex');

/** Deterministic UUID v5 for `name`, so a retried command produces the same ids. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
