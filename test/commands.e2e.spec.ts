import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REGISTER, VILLAGE } from './support/households.js';
import { residentId } from './support/resident-ids.js';
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
    const { householdId } = (
      await app.ok(REGISTER, {
        input: {
          areaCode: VILLAGE,
          registeredPoor: true,
          identifiedYear: 2015,
          effectiveDate: '2015-05-05',
          members: [{ name: '赵六', idNumber: residentId('1966-06-06', 41), relation: 'HEAD' }],
        },
      })
    ).registerHousehold;
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

  it('a stale expectedRevision is a CONCURRENCY_CONFLICT and writes nothing', async () => {
    const { householdId, revision } = (
      await app.ok(REGISTER, {
        input: {
          areaCode: VILLAGE,
          registeredPoor: false,
          effectiveDate: '2019-05-05',
          members: [{ name: '钱七', idNumber: residentId('1988-08-08', 51), relation: 'HEAD' }],
        },
      })
    ).registerHousehold;
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
    const { householdId } = (
      await app.ok(REGISTER, {
        input: {
          areaCode: VILLAGE,
          registeredPoor: false,
          effectiveDate: '2019-05-05',
          members: [{ name: '孙八', idNumber: residentId('1989-09-09', 61), relation: 'HEAD' }],
        },
      })
    ).registerHousehold;
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
