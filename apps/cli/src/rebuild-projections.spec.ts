import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqlite } from '#app/database';
import { ProjectionRunner, readCheckpoint, SqliteEventStore } from '#app/event-store';
import { householdProjections } from '#app/households';
import { openEmbeddedStorage } from '#app/runtime';
import {
  countyLog,
  dumpProjections,
  EventLog,
} from '../../../libs/households/src/read-models/testing/projection-harness.js';
import { cli } from './cli.spec-helpers.js';
import { rebuildProjections } from './rebuild-projections.js';

const LOG = countyLog(40);
const run = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  cli(['rebuild-projections', ...argv], { commands: [rebuildProjections], env });

describe('rebuild-projections', () => {
  let root: string;
  let dataDir: string;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'cli-rebuild-'));
    dataDir = join(root, 'data');
    const storage = await openEmbeddedStorage(dataDir);
    try {
      for (const e of LOG.events) {
        await storage.store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
      }
      await storage.runner.catchUp();
      // Read models gone wrong (a bug since fixed, say): what a rebuild is for.
      await storage.sqlite.db.deleteFrom('household_members').execute();
    } finally {
      await storage.close();
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** The log projected from scratch into a separate file, one event at a time. */
  async function expectedTables() {
    const sqlite = openSqlite(join(root, 'reference.sqlite'));
    try {
      const store = new SqliteEventStore(sqlite.db);
      await store.init();
      for (const e of LOG.events) await store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
      const runner = new ProjectionRunner(store, sqlite.db, householdProjections, {
        batchApply: false,
      });
      await runner.init();
      await runner.catchUp();
      return await dumpProjections(sqlite.db, householdProjections);
    } finally {
      await sqlite.close();
    }
  }

  it('replays the log into fresh tables, shows progress and says what it did', async () => {
    const result = await run(['--batch-size', '50'], { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('重建 / rebuild [##########] 100%');
    expect(result.stderr).toContain(
      `read models rebuilt and switched at position ${LOG.events.length}`,
    );
    expect(result.stderr).toMatch(/household_members \d+/);

    const storage = await openEmbeddedStorage(dataDir);
    try {
      expect(await readCheckpoint(storage.sqlite.db)).toBe(LOG.events.length);
      expect(await dumpProjections(storage.sqlite.db, householdProjections)).toEqual(
        await expectedTables(),
      );
    } finally {
      await storage.close();
    }
    expect(readdirSync(dataDir).filter((name) => name.includes('.rebuild'))).toEqual([]);
  });

  it('explains a missing database and a bad batch size', async () => {
    const missing = await run(['--data-dir', join(root, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no database file poverty-monitor.sqlite');

    const bad = await run(['--data-dir', dataDir, '--batch-size', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch-size must be a positive integer');
  });
});
