/** Money is integer fen (分). These helpers convert exactly, without floating point. */

const YUAN_PATTERN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses a non-negative yuan string with up to two decimals ("3214.63") into fen, or undefined. */
export function parseYuan(text: string): number | undefined {
  const match = YUAN_PATTERN.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(fraction);
}

/** Formats fen as yuan with exactly two decimals. */
export function formatYuan(fen: number | bigint): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Formats fen as 万元 with two decimals, rounding half up (1 万元 = 1,000,000 fen). */
export function formatWanYuan(fen: number | bigint): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const hundredths = (abs + 5_000n) / 10_000n;
  return `${hundredths === 0n ? '' : sign}${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}
