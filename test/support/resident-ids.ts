import { residentIdCheckChar } from '#app/households';

/** A valid 18-digit resident ID for Yongxing county (431023); odd `seq` → male, even → female. */
export function residentId(birth: string, seq: number): string {
  const first17 = `431023${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}
