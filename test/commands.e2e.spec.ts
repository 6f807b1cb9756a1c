import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REGISTER, registerHousehold, VILLAGE } from './support/households.js';
import { residentId } from '../libs/households/src/domain/testing/resident-ids.js';
import { TestApp } from './support/test-app.js';

const VISIT = `mutation($input: LogVisitInput!) { logVisit(input: $input) { householdId revision problemIds } }`;

describe('retries and concurrent edits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('a registration retried with the same commandId returns the first result and appends nothing', async () => {
    const input = {
      commandId: 'a5a3b8a4-d0a1-4c55-8f0b-3cf0a0e3b001',
      areaCode: VILLAGE,
      registeredPoor: false,
      effectiveDate: '2020-01-01',
      members: [{ name: '王五', idNumber: residentId('1975-07-07', 31), relation: 'HEAD' }],
    };
    const first = await app.ok(REGISTER, { input });
    const count = await app.eventCount();
    const again = await app.ok(REGISTER, { input });
    expect(again).toEqual(first);
    expect(await app.eventCount()).toBe(count);
  });

  it('a visit retried with the same commandId returns the same problem ids, even when sent twice at once', async () => {
    const { householdId } = await registerHousehold(app, {
      registeredPoor: true,
      size: 1,
      effectiveDate: '2015-05-05',
    });
    const input = {
      householdId,
      commandId: 'visit-2020-0001',
      date: '2020-03-03',
      cadre: '周干部',
      purpose: 'ROUTINE',
      problems: [{ description: '医保未参保', deadline: '2020-04-30' }],
    };
    const count = await app.eventCount();
    const [a, b] = await Promise.all([app.ok(VISIT, { input }), app.ok(VISIT, { input })]);
    expect(a).toEqual(b);
    expect(a.logVisit.problemIds).toHaveLength(1);
    expect(await app.eventCount()).toBe(count + 2);
    const third = await app.ok(VISIT, { input });
    expect(third).toEqual(a);
    expect(await app.eventCount()).toBe(count + 2);
  });

  it('takes a resident ID typed with a lower-case x, and a null for an optional field', async () => {
    // A woman's resident ID (even 17th digit) whose check character is X.
    let idNumber = residentId('1980-01-01', 2);
    for (let seq = 4; !idNumber.endsWith('X'); seq += 2) idNumber = residentId('1980-01-01', seq);
    const { householdId } = (
      await app.ok(REGISTER, {
        input: {
          areaCode: VILLAGE,
          registeredPoor: false,
          effectiveDate: '2020-01-01',
          members: [
            {
              name: '陈九',
              idNumber: idNumber.toLowerCase(),
              relation: 'HEAD',
              sex: null,
              health: null,
            },
          ],
        },
      })
    ).registerHousehold;
    const detail = await app.ok(
      `query($id: ID!) { household(id: $id) { members { idNumber sex } } }`,
      {
        id: householdId,
      },
    );
    expect(detail.household.members).toEqual([{ idNumber, sex: 'FEMALE' }]);
  });

  it('a commandId reused for a different mutation is refused, not answered with the first result', async () => {
    const { householdId } = await registerHousehold(app, {
      registeredPoor: false,
      size: 1,
      effectiveDate: '2019-05-05',
    });
    const commandId = 'shared-command-id-1';
    await app.ok(VISIT, {
      input: { householdId, commandId, date: '2020-01-01', cadre: '冯干部', purpose: 'ROUTINE' },
    });
    const count = await app.eventCount();
    const reused = await app.gql(
      `mutation($input: EdgeHouseholdInput!) { flagEdgeHousehold(input: $input) { revision } }`,
      { input: { householdId, commandId, effectiveDate: '2020-02-01' } },
    );
    expect(reused.errors?.[0]?.extensions?.code).toBe('COMMAND_ID_REUSED');
    expect(await app.eventCount()).toBe(count);
  });

  it('an upper-case household id names the same household', async () => {
    const { householdId } = (
      await app.ok(REGISTER, {
        input: {
          householdId: 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D',
          areaCode: VILLAGE,
          registeredPoor: false,
          effectiveDate: '2019-05-05',
          members: [{ name: '褚一', idNumber: residentId('1978-08-18', 81), relation: 'HEAD' }],
        },
      })
    ).registerHousehold;
    expect(householdId).toBe('a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d');
    const visit = await app.ok(VISIT, {
      input: {
        householdId: householdId.toUpperCase(),
        date: '2020-01-01',
        cadre: '卫干部',
        purpose: 'ROUTINE',
      },
    });
    expect(visit.logVisit).toMatchObject({ householdId, revision: 1 });
    const again = await app.gql(REGISTER, {
      input: {
        householdId: householdId.toUpperCase(),
        areaCode: VILLAGE,
        registeredPoor: false,
        effectiveDate: '2019-05-05',
        members: [{ name: '蒋二', idNumber: residentId('1979-09-19', 91), relation: 'HEAD' }],
      },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('HOUSEHOLD_ALREADY_REGISTERED');
  });

  it('a person who moved out cannot be registered elsewhere with a date before the move', async () => {
    const mover = residentId('1990-10-10', 13);
    const { householdId } = (
      await app.ok(REGISTER, {
        input: {
          areaCode: VILLAGE,
          registeredPoor: false,
          effectiveDate: '2015-01-01',
          members: [
            { name: '沈三', idNumber: residentId('1960-06-06', 23), relation: 'HEAD' },
            { name: '沈四', idNumber: mover, relation: 'CHILD' },
          ],
        },
      })
    ).registerHousehold;
    await app.ok(
      `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { revision } }`,
      {
        input: { householdId, idNumber: mover, reason: 'SPLIT', effectiveDate: '2020-06-01' },
      },
    );
    const count = await app.eventCount();
    const early = await app.gql(REGISTER, {
      input: {
        areaCode: VILLAGE,
        registeredPoor: false,
        effectiveDate: '2020-05-01',
        members: [{ name: '沈四', idNumber: mover, relation: 'HEAD' }],
      },
    });
    expect(early.errors?.[0]?.extensions?.code).toBe('DATE_BEFORE_PREVIOUS_CHANGE');
    expect(await app.eventCount()).toBe(count);
    const onTime = await app.gql(REGISTER, {
      input: {
        areaCode: VILLAGE,
        registeredPoor: false,
        effectiveDate: '2020-06-01',
        members: [{ name: '沈四', idNumber: mover, relation: 'HEAD' }],
      },
    });
    expect(onTime.errors).toBeUndefined();
  });

  it('a stale expectedRevision is a CONCURRENCY_CONFLICT and writes nothing', async () => {
    const { householdId } = await registerHousehold(app, {
      registeredPoor: false,
      size: 1,
      effectiveDate: '2019-05-05',
    });
    const revision = 0; // a new household's stream starts at revision 0
    const ok = await app.ok(VISIT, {
      input: {
        householdId,
        expectedRevision: revision,
        date: '2020-01-01',
        cadre: '孙干部',
        purpose: 'ROUTINE',
      },
    });
    expect(ok.logVisit.revision).toBe(revision + 1);
    const count = await app.eventCount();
    const stale = await app.gql(VISIT, {
      input: {
        householdId,
        expectedRevision: revision,
        date: '2020-01-02',
        cadre: '孙干部',
        purpose: 'ROUTINE',
      },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      expected: revision,
      actual: revision + 1,
    });
    expect(await app.eventCount()).toBe(count);
  });

  it('concurrent visits without expectedRevision are all recorded, none lost', async () => {
    const { householdId } = await registerHousehold(app, {
      registeredPoor: false,
      size: 1,
      effectiveDate: '2019-05-05',
    });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        app.ok(VISIT, {
          input: { householdId, date: `2020-01-0${i + 1}`, cadre: '吴干部', purpose: 'ROUTINE' },
        }),
      ),
    );
    expect(results.map((r) => r.logVisit.revision).sort()).toEqual([1, 2, 3, 4, 5]);
    const detail = await app.ok(`query($id: ID!) { household(id: $id) { revision lastVisitOn } }`, {
      id: householdId,
    });
    expect(detail.household).toEqual({ revision: 5, lastVisitOn: '2020-01-05' });
  });
});
