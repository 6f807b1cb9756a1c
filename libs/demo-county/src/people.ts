import { residentIdCheckChar, type IsoDate, type Sex } from '#app/households';
import type { Random } from './random.js';

/** Common surnames, most frequent first (weights are rough shares in Hunan). */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['李', 8],
  ['王', 6],
  ['刘', 7],
  ['陈', 7],
  ['黄', 5],
  ['张', 5],
  ['曹', 4],
  ['邓', 4],
  ['曾', 4],
  ['谭', 4],
  ['马', 3],
  ['何', 3],
  ['周', 3],
  ['唐', 3],
  ['罗', 3],
  ['彭', 3],
  ['肖', 3],
  ['谢', 3],
  ['欧阳', 1],
  ['许', 2],
  ['袁', 2],
  ['段', 2],
  ['廖', 2],
  ['雷', 2],
  ['焦', 1],
  ['侯', 1],
  ['尹', 1],
  ['颜', 1],
  ['胡', 2],
  ['郭', 2],
  ['朱', 2],
  ['邝', 1],
];

const MALE = '建国志华伟明军强勇平德福海涛文斌杰林春生富贵永清松柏红兵金龙辉刚洪宝成';
const FEMALE = '秀英桂兰芳丽娟玉凤梅红霞燕萍翠花琴莲春华艳云静敏婷慧珍菊娥美香';

export function surname(random: Random): string {
  return random.weighted(SURNAMES);
}

/** A given name of one or two characters, in the style of the person's generation. */
export function givenName(random: Random, sex: Sex): string {
  const chars = [...(sex === 'MALE' ? MALE : FEMALE)];
  const first = random.pick(chars);
  if (random.chance(0.25)) return first;
  let second = random.pick(chars);
  while (second === first) second = random.pick(chars);
  return first + second;
}

/**
 * Issues valid, distinct 18-character resident IDs (GB 11643): address code of the county,
 * birth date, a sequence number whose last digit is odd for men and even for women, and the
 * ISO 7064 MOD 11-2 check character.
 */
export class ResidentIdIssuer {
  private readonly issued = new Set<string>();

  constructor(
    private readonly random: Random,
    private readonly addressCode: string,
  ) {}

  issue(birthDate: IsoDate, sex: Sex): string {
    const birth = birthDate.replaceAll('-', '');
    const start = this.random.int(0, 499) * 2 + (sex === 'MALE' ? 1 : 0);
    for (let k = 0; k < 500; k++) {
      const sequence = (start + 2 * k) % 1000;
      const first17 = `${this.addressCode}${birth}${String(sequence).padStart(3, '0')}`;
      const id = first17 + residentIdCheckChar(first17);
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
    throw new Error(`no resident ID left for ${sex} born ${birthDate}`);
  }
}
