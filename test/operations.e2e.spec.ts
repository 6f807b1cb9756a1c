import { describe, expect, it } from '@jest/globals';
import { registerHousehold } from './support/households.js';
import { shutdown } from '../apps/api/src/bootstrap.js';
import { TestApp } from './support/test-app.js';

describe('what an operator sees', () => {
  it('health reports the store and projection checkpoint; data survives a restart', async () => {
    const app = await TestApp.start();
    const { householdId } = await registerHousehold(app);
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as {
      status: string;
      eventStore: { headPosition: number };
      projections: { lag: number; checkpoint: number };
    };
    expect(health.status).toBe('ok');
    expect(health.eventStore.headPosition).toBe(1);
    expect(health.projections).toMatchObject({ checkpoint: 1, lag: 0 });

    // Graceful shutdown closes the storage; a new process on the same data sees everything.
    await shutdown(app.app);
    const again = await TestApp.start(app.storageSettings);
    const detail = await again.ok(`query($id: ID!) { household(id: $id) { id revision } }`, {
      id: householdId,
    });
    expect(detail.household).toEqual({ id: householdId, revision: 0 });
    await again.stop();
  });
});
