import { createHash } from 'node:crypto';

/**
 * A seeded pseudo-random source (mulberry32). The demo county is generated from one seed, so
 * the same seed always gives the same county; `fork` derives an independent stream per purpose
 * so that a change in one part of the generator does not reshuffle every other part.
 */
export class Random {
  private readonly seed: number;
  private state: number;

  constructor(seed: number | string) {
    this.seed = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
    this.state = this.seed;
  }

  /** An independent stream named by `label`, derived from this stream's seed (not its position). */
  fork(label: string): Random {
    return new Random(hash32(`${this.seed}:${label}`));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

function hash32(text: string): number {
  return createHash('sha1').update(text, 'utf8').digest().readUInt32LE(0);
}

/**
 * Splits an integer `total` into integer parts proportional to `weights` that add up to it
 * exactly (largest remainder; ties go to the earlier index, so the split is deterministic). With
 * `minimum` every part gets at least that much first, when the total allows it.
 */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`apportion: total must be a non-negative integer, got ${total}`);
  }
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError(`apportion: ${total} cannot be split into no parts`);
    return [];
  }
  const floor = total >= minimum * n ? minimum : 0;
  const rest = total - floor * n;
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const effective = weightSum > 0 ? weights : weights.map(() => 1);
  const effectiveSum = weightSum > 0 ? weightSum : n;
  // BigInt keeps total × weight exact whatever the magnitudes.
  const bigRest = BigInt(rest);
  const bigSum = BigInt(effectiveSum);
  const parts = new Array<number>(n);
  const remainders: { index: number; remainder: bigint }[] = [];
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const product = bigRest * BigInt(effective[i]!);
    const share = product / bigSum;
    parts[i] = floor + Number(share);
    assigned += Number(share);
    remainders.push({ index: i, remainder: product % bigSum });
  }
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (let k = 0; k < rest - assigned; k++) parts[remainders[k]!.index]! += 1;
  return parts;
}

/**
 * Splits an amount in fen into parts proportional to `weights`, in multiples of `unitFen` (whole
 * yuan, whole thousands of yuan for loans, …); what does not divide into units goes to the
 * largest part, so the parts add up to the total to the fen.
 */
export function splitAmount(totalFen: number, weights: readonly number[], unitFen = 100): number[] {
  const units = Math.floor(totalFen / unitFen);
  const parts = apportion(units, weights).map((u) => u * unitFen);
  const leftover = totalFen - units * unitFen;
  if (leftover > 0 && parts.length > 0) {
    let largest = 0;
    for (let i = 1; i < parts.length; i++) if (parts[i]! > parts[largest]!) largest = i;
    parts[largest]! += leftover;
  }
  return parts;
}

// A namespace of its own, so demo ids never collide with ids derived elsewhere.
const NAMESPACE = Buffer.from('9d3c1a7e5b2f4e6a8c0d1e2f3a4b5c6d', 'hex');

/** A name-based (v5, SHA-1) UUID: the demo's household and command ids are fixed by the seed. */
export function demoUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
