import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExecuteHouseholdCommand, uuidV5 } from '#app/households';
import { residentId } from '../../../libs/households/src/domain/testing/resident-ids.js';
import { cli } from './cli.spec-helpers.js';
import { openEventLog } from './event-log.js';
import { createSeedDemoCommand, type Seeder } from './seed-demo.js';

/**
 * The seed-demo wiring (the API's application on DATA_DIR, its command bus, the summary and the
 * non-empty refusal) driven by a three-household seeder; the demo county itself has its own tests.
 */
const HOUSEHOLDS = 3;
const smallCounty: Seeder = async (commandBus, { onProgress }) => {
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const householdId = uuidV5(`cli-seed-spec-${i}`);
    await commandBus.execute(
      new ExecuteHouseholdCommand(householdId, {
        type: 'RegisterHousehold',
        householdId,
        areaCode: '431023100201',
        registeredPoor: false,
        effectiveDate: '2015-01-01',
        members: [{ name: '张三', idNumber: residentId('1970-01-01', 500 + i), relation: 'HEAD' }],
      }),
    );
    onProgress?.(i + 1, HOUSEHOLDS);
  }
  return { commands: HOUSEHOLDS, households: HOUSEHOLDS };
};
const commands = [createSeedDemoCommand(async () => smallCounty)];

describe('seed-demo', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cli-seed-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('seeds through the command bus of the app on DATA_DIR and prints the summary', async () => {
    const dataDir = join(root, 'fresh');
    const run = await cli(['seed-demo'], { env: { DATA_DIR: dataDir }, commands });
    expect(run.stderr).toContain(`${HOUSEHOLDS} households, ${HOUSEHOLDS} commands`);
    expect(run.code).toBe(0);

    const log = await openEventLog(dataDir, { mustExist: true });
    try {
      const events = await log.store.readAll({ after: 0, limit: 100 });
      expect(events.map((e) => e.type)).toEqual(Array(HOUSEHOLDS).fill('HouseholdRegistered'));
      expect(run.stderr).toContain(`${events.length} events in`);
    } finally {
      await log.close();
    }
    // Progress lines on stderr (not a terminal): the last one is complete.
    expect(run.stderr).toContain(`100% ${HOUSEHOLDS}/${HOUSEHOLDS} commands`);
  });

  it('refuses a data directory that already holds events unless --force', async () => {
    const dataDir = join(root, 'used');
    const log = await openEventLog(dataDir, { mustExist: false });
    await log.store.append('household-x', [{ eventId: 'x', type: 'T', data: {} }], 'no_stream');
    await log.close();

    const refused = await cli(['seed-demo', '--data-dir', dataDir], { commands });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already holds 1 events');

    const forced = await cli(['seed-demo', '--data-dir', dataDir, '--force'], { commands });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`${HOUSEHOLDS} events in`);
  });
});
