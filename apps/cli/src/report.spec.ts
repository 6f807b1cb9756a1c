import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExecuteHouseholdCommand, uuidV5 } from '#app/households';
import { residentId } from '../../../libs/households/src/domain/testing/resident-ids.js';
import { cli } from './cli.spec-helpers.js';
import { createSeedDemoCommand, type Seeder } from './seed-demo.js';
import { report } from './report.js';

/** Two poor households in two townships, one exiting in 2020, recorded through the command bus. */
const county: Seeder = async (bus) => {
  const ids = [uuidV5('cli-report-1'), uuidV5('cli-report-2')];
  const areas = ['431023100201', '431023101201'];
  for (const [i, householdId] of ids.entries()) {
    await bus.execute(
      new ExecuteHouseholdCommand(householdId, {
        type: 'RegisterHousehold',
        householdId,
        areaCode: areas[i]!,
        registeredPoor: true,
        identifiedYear: 2016,
        povertyCauses: ['ILLNESS'],
        effectiveDate: '2016-04-01',
        members: [
          { name: '王一', idNumber: residentId('1970-01-01', 700 + 2 * i), relation: 'HEAD' },
          { name: '王二', idNumber: residentId('1995-02-02', 701 + 2 * i), relation: 'CHILD' },
        ],
      }),
    );
  }
  const first = ids[0]!;
  await bus.execute(
    new ExecuteHouseholdCommand(first, {
      type: 'RecordIncomeAssessment',
      year: 2020,
      perCapitaNetIncomeFen: 450_000,
      effectiveDate: '2020-11-01',
    }),
  );
  await bus.execute(
    new ExecuteHouseholdCommand(first, {
      type: 'RecordAssistance',
      category: 'BOTTOM_LINE_SECURITY',
      amountFen: 27_359_200,
      peopleReached: 2,
      date: '2020-05-01',
    }),
  );
  await bus.execute(
    new ExecuteHouseholdCommand(first, {
      type: 'ExitPoverty',
      year: 2020,
      effectiveDate: '2020-12-20',
      checklist: {
        foodAndClothing: true,
        education: true,
        medical: true,
        housing: true,
        drinkingWater: true,
      },
    }),
  );
  return { commands: 5, households: 2 };
};

describe('report', () => {
  let root: string;
  let dataDir: string;
  const commands = [createSeedDemoCommand(async () => county), report];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cli-report-'));
    dataDir = join(root, 'county');
    const seeded = await cli(['seed-demo', '--data-dir', dataDir], { commands });
    expect(seeded.code).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints the report as JSON with exact money and the position it was computed at', async () => {
    const run = await cli(['report', '--year', '2020', '--format', 'json', '--data-dir', dataDir], {
      commands,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      year: 2020,
      knownAt: null,
      stock: { registeredHouseholds: 2, registeredPeople: 4, exitedHouseholds: 1 },
      flows: { exited: { households: 1, people: 2 } },
      assistance: [
        { category: 'BOTTOM_LINE_SECURITY', amount: '273592.00', amountWanYuan: '27.36' },
      ],
    });
    expect(json.position).toBeGreaterThan(0);
    // Names from the area registry seed-demo writes next to the data (areas.json).
    expect(
      json.townships.map((t: { areaCode: string; name: string }) => [t.areaCode, t.name]),
    ).toEqual([
      ['431023100', '便江街道'],
      ['431023101', '马田镇'],
    ]);
  });

  it('writes Markdown for an area to a file, and the report as known at an earlier position', async () => {
    const out = join(root, 'report.md');
    const run = await cli(
      ['report', '--year=2020', '--area', '431023100', '--out', out, '--data-dir', dataDir],
      { commands },
    );
    expect(run.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('# 2020 年度扶贫工作统计报告');
    expect(md).toContain('| 建档立卡（动态调整后） | 1 | 2 |');
    expect(md).toContain('| 兜底保障 | 27.36 | 273592.00 | 1 | 2 |');

    // Position 2 is before the exit, income and assistance were recorded.
    const earlier = await cli(
      ['report', '--year', '2020', '--known-at', '2', '--format', 'md', '--data-dir', dataDir],
      { commands },
    );
    expect(earlier.code).toBe(0);
    expect(earlier.stdout).toContain('按位置 2 时所知重新生成');
    expect(earlier.stdout).toContain('## 与当前记录的差异（重述）');
    expect(earlier.stdout).toContain('| 年末存量·已脱贫户数 | 0 | 1 |');
  });

  it('explains bad arguments and a missing data directory', async () => {
    const noYear = await cli(['report', '--data-dir', dataDir], { commands });
    expect(noYear.code).toBe(2);
    expect(noYear.stderr).toContain('--year is required');
    const badFormat = await cli(['report', '--year', '2020', '--format', 'pdf'], { commands });
    expect(badFormat.code).toBe(2);
    const badArea = await cli(['report', '--year', '2020', '--area', 'x', '--data-dir', dataDir], {
      commands,
    });
    expect(badArea.code).toBe(1);
    expect(badArea.stderr).toContain('INVALID_INPUT');
    const missing = await cli(['report', '--year', '2020', '--data-dir', join(root, 'none')], {
      commands,
    });
    expect(missing.code).toBe(1);
  });
});
