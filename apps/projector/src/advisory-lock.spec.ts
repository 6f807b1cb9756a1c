/** AdvisoryLock against the local PostgreSQL (TEST_POSTGRES_URL; CI has it on 127.0.0.1:5432). */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { TEST_POSTGRES_URL as URL, withTestClient } from '../../../test/support/postgres.js';
import { AdvisoryLock } from './advisory-lock.js';

const locks: AdvisoryLock[] = [];
afterEach(async () => {
  for (const lock of locks.splice(0)) await lock.release();
});

function lock(key: string, heartbeatMs = 50): AdvisoryLock {
  const created = new AdvisoryLock({ connectionString: URL, key, heartbeatMs });
  locks.push(created);
  return created;
}

async function terminate(pid: number): Promise<void> {
  await withTestClient((client) => client.query('select pg_terminate_backend($1)', [pid]));
}

describe('AdvisoryLock', () => {
  it('is held by one session at a time, per key', async () => {
    const key = `test:${randomUUID()}`;
    const a = lock(key);
    const b = lock(key);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(await a.tryAcquire()).toBe(true); // the holder asking again changes nothing
    expect(await lock(`test:${randomUUID()}`).tryAcquire()).toBe(true);
    expect([a.isHeld, b.isHeld]).toEqual([true, false]);

    await a.release();
    expect(a.isHeld).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(false);
  });

  it('when the holder’s connection dies, `lost` says so and another session gets the lock', async () => {
    const key = `test:${randomUUID()}`;
    const a = lock(key);
    const b = lock(key);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);

    await terminate(a.backendPid!);
    expect(await a.lost).toMatch(/connection|terminat/i);
    expect(a.isHeld).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    // A comes back on a new connection, as a standby.
    expect(await a.tryAcquire()).toBe(false);
  });

  it('a standby whose connection dies connects again on its next try', async () => {
    const key = `test:${randomUUID()}`;
    const a = lock(key);
    const b = lock(key);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    const first = b.backendPid!;
    await terminate(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    expect(b.backendPid).not.toBe(first);
  });

  it('throws a connection error from tryAcquire, and can try again', async () => {
    const unreachable = new AdvisoryLock({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      key: 'test:unreachable',
    });
    await expect(unreachable.tryAcquire()).rejects.toThrow(/ECONNREFUSED/);
    await expect(unreachable.tryAcquire()).rejects.toThrow(/ECONNREFUSED/);
    await unreachable.release();
  });
});
