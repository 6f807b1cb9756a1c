/**
 * The API on PostgreSQL with PROJECTIONS=off: the projections run in another runner (a projector,
 * here in the test process on connections of its own), and read-your-writes waits by polling the
 * checkpoint the projector commits. Needs the local PostgreSQL (TEST_POSTGRES_URL).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { openPostgres } from '#app/database';
import { PostgresEventStore, ProjectionRunner } from '#app/event-store';
import { householdProjections } from '#app/households';
import { REGISTER, registerHousehold } from '../../../../test/support/households.js';
import {
  dropStorage,
  freshStorage,
  TestApp,
  type StorageSettings,
} from '../../../../test/support/test-app.js';

const teardown: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

/** Fresh PostgreSQL schemas, dropped after the test. */
function postgresStorage(): StorageSettings {
  const settings = freshStorage('postgres');
  teardown.push(() => dropStorage(settings));
  return settings;
}

/** A projector on the same schemas as the API: its own store, pool and runner. */
async function projector(settings: StorageSettings): Promise<ProjectionRunner> {
  const { eventStore, readModels } = settings;
  if (eventStore.engine !== 'postgres' || readModels.engine !== 'postgres') throw new Error();
  const store = await PostgresEventStore.create({
    connection: eventStore.url,
    schema: eventStore.schema,
    pollIntervalMs: 50,
  });
  const read = openPostgres(readModels.url, { schema: readModels.schema, poolSize: 2 });
  await read.ensureSchema();
  const runner = new ProjectionRunner(store, read.db, householdProjections, { retryDelayMs: 50 });
  await runner.init();
  teardown.push(async () => {
    await runner.stop();
    await store.close();
    await read.close();
  });
  return runner;
}

async function startApi(settings: StorageSettings, timeoutMs = 5_000): Promise<TestApp> {
  const app = await TestApp.start({
    ...settings,
    projections: 'off',
    readYourWritesTimeoutMs: timeoutMs,
  });
  // The schemas are the test's to drop, after the projector has let go of them.
  teardown.push(() => app.app.close());
  return app;
}

const HOUSEHOLD = `query($id: ID!) { household(id: $id) { id revision } }`;

describe('API with PROJECTIONS=off on PostgreSQL', () => {
  it('answers a mutation once the projector has projected it, so the next read sees it', async () => {
    const settings = postgresStorage();
    const runner = await projector(settings);
    const app = await startApi(settings);
    expect(app.storage.runner).toBeNull();

    // No projector running: the mutation is saved but waits.
    let answered = false;
    const registering = registerHousehold(app).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    expect(await app.eventCount()).toBe(1);

    runner.start();
    const { householdId } = await registering;
    const detail = await app.ok(HOUSEHOLD, { id: householdId });
    expect(detail.household).toEqual({ id: householdId, revision: 0 });

    const health = await fetch(`${app.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      eventStore: { engine: 'postgres', headPosition: 1 },
      readModels: { engine: 'postgres' },
      projections: { mode: 'off', checkpoint: 1, lag: 0 },
    });
  });

  it('without a projector, a mutation fails with PROJECTION_TIMEOUT after the timeout; its events stay', async () => {
    const settings = postgresStorage();
    await projector(settings); // tables and checkpoint exist, but nothing follows the log
    const app = await startApi(settings, 300);
    const res = await app.gql(REGISTER, {
      input: {
        areaCode: '431023100201',
        address: '永兴县某村某组',
        registeredPoor: false,
        effectiveDate: '2014-10-01',
        members: [
          { name: '户主', idNumber: '431023197005010011', relation: 'HEAD', laborAbility: 'FULL' },
        ],
      },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('PROJECTION_TIMEOUT');
    expect(await app.eventCount()).toBe(1);
  });
});
