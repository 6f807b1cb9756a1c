import { Random } from './random.js';

export interface DemoArea {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
}

export const DEMO_COUNTY = { code: '431023', name: '永兴县' } as const;

/**
 * Sixteen townships (乡镇、街道) as in the reference county, each with the number of villages
 * (村) beneath it: 129 in all, one village work team (驻村工作队) each. Codes follow the national
 * statistical area codes: county + 3 digits for a township, township + 3 digits for a village.
 */
const TOWNSHIPS: readonly (readonly [name: string, villages: number])[] = [
  ['便江街道', 6],
  ['马田镇', 9],
  ['柏林镇', 10],
  ['鲤鱼塘镇', 8],
  ['太和镇', 9],
  ['油麻镇', 7],
  ['高亭司镇', 8],
  ['悦来镇', 8],
  ['黄泥镇', 9],
  ['樟树镇', 7],
  ['金龟镇', 8],
  ['湘阴渡街道', 10],
  ['洋塘乡', 7],
  ['七甲乡', 8],
  ['龙形市乡', 8],
  ['三塘乡', 7],
];

const FIRST = '石龙樟枫大小新青白金长高上下东西南北马竹松柏桃杨塘凤朝永和太安坪';
const SECOND = '塘坪冲湾山岭田桥坑溪源口头洲岗里江铺井垅湖亭坳市';

function villageNames(count: number): string[] {
  const random = new Random('demo-county/village-names');
  const seen = new Set<string>();
  const names: string[] = [];
  while (names.length < count) {
    const name = `${random.pick([...FIRST])}${random.pick([...SECOND])}村`;
    if (name[0] === name[1] || seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names;
}

function buildAreas(): DemoArea[] {
  const total = TOWNSHIPS.reduce((sum, [, n]) => sum + n, 0);
  const names = villageNames(total);
  const areas: DemoArea[] = [{ code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, level: 'county' }];
  let next = 0;
  TOWNSHIPS.forEach(([name, villages], t) => {
    const township = `${DEMO_COUNTY.code}${100 + t}`;
    areas.push({ code: township, name, level: 'township' });
    for (let v = 0; v < villages; v++) {
      areas.push({ code: `${township}${201 + v}`, name: names[next++]!, level: 'village' });
    }
  });
  return areas;
}

/** Every area of the demo county, county first, each township followed by its villages. */
export const DEMO_AREAS: readonly DemoArea[] = Object.freeze(buildAreas());

/** The area registry: code → name, for reports that print names. */
export const DEMO_AREA_NAMES: ReadonlyMap<string, string> = new Map(
  DEMO_AREAS.map((a) => [a.code, a.name]),
);

export const DEMO_TOWNSHIPS: readonly DemoArea[] = DEMO_AREAS.filter((a) => a.level === 'township');
export const DEMO_VILLAGES: readonly DemoArea[] = DEMO_AREAS.filter((a) => a.level === 'village');

/** "永兴县马田镇石塘村" for a village code (or the names down to any known prefix). */
export function demoAreaPath(code: string): string {
  return [6, 9, 12]
    .filter((length) => length <= code.length)
    .map((length) => DEMO_AREA_NAMES.get(code.slice(0, length)) ?? '')
    .join('');
}

/** The registry as an area file's JSON object (code → name), e.g. for AREA_FILE. */
export function demoAreaFileContent(): Record<string, string> {
  return Object.fromEntries(DEMO_AREA_NAMES);
}
