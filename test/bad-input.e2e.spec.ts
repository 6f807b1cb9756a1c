import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import { REGISTER, registerHousehold, VILLAGE } from './support/households.js';
import { residentId } from '../libs/households/src/domain/testing/resident-ids.js';
import { TestApp, type GraphQLResponse } from './support/test-app.js';

/**
 * Every refusal comes back as a GraphQL error with a stable code and a readable message, never a
 * 500 or a stack trace, and writes nothing.
 */
describe('bad input is refused clearly and writes nothing', () => {
  let app: TestApp;
  let householdId: string;

  beforeAll(async () => {
    app = await TestApp.start({ maxQueryDepth: 4 });
    householdId = (await registerHousehold(app)).householdId;
  });
  afterAll(async () => {
    await app.stop();
  });

  async function expectRefused(
    send: () => Promise<GraphQLResponse>,
    code: string,
  ): Promise<GraphQLResponse> {
    const before = await app.eventCount();
    const res = await send();
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.errors?.[0]?.message).toEqual(expect.any(String));
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);
    expect(await app.eventCount()).toBe(before);
    return res;
  }

  const member = (overrides: Record<string, unknown> = {}) => ({
    name: '张三',
    idNumber: residentId('1980-01-01', 11),
    relation: 'HEAD',
    ...overrides,
  });
  const register = (overrides: Record<string, unknown>) => () =>
    app.gql(REGISTER, {
      input: {
        areaCode: VILLAGE,
        registeredPoor: true,
        identifiedYear: 2014,
        effectiveDate: '2014-10-01',
        members: [member()],
        ...overrides,
      },
    });
  const assist = (overrides: Record<string, unknown>) => () =>
    app.gql(
      `mutation($input: RecordAssistanceInput!) { recordAssistance(input: $input) { revision } }`,
      {
        input: {
          householdId,
          category: 'EDUCATION',
          amount: '100.00',
          peopleReached: 1,
          date: '2020-01-01',
          ...overrides,
        },
      },
    );

  it('a malformed household id', async () => {
    await expectRefused(assist({ householdId: 'not-a-uuid' }), 'INVALID_ID');
  });

  it('an unknown household', async () => {
    await expectRefused(
      assist({ householdId: '2b1f3c52-8f7e-4b0e-9a51-0c6d2b7e4f11' }),
      'HOUSEHOLD_NOT_FOUND',
    );
  });

  it('an invalid resident ID check digit', async () => {
    const id = residentId('1980-01-01', 11);
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const res = await expectRefused(
      register({ members: [member({ idNumber: wrong })] }),
      'INVALID_RESIDENT_ID',
    );
    expect(res.errors?.[0]?.message).toContain('校验位');
  });

  it('a resident ID whose birth date does not exist', async () => {
    const first17 = '43102319990231001';
    await expectRefused(
      register({ members: [member({ idNumber: `${first17}X` })] }),
      'INVALID_RESIDENT_ID',
    );
  });

  it('a sex that contradicts the resident ID', async () => {
    await expectRefused(
      register({ members: [member({ sex: 'FEMALE' })] }),
      'RESIDENT_ID_SEX_MISMATCH',
    );
  });

  it('an area code that is not a 12-digit village code', async () => {
    await expectRefused(register({ areaCode: '4310231002' }), 'INVALID_AREA_CODE');
  });

  it('negative and malformed Yuan', async () => {
    await expectRefused(assist({ amount: '-5.00' }), 'BAD_USER_INPUT');
    await expectRefused(assist({ amount: '12.345' }), 'BAD_USER_INPUT');
    await expectRefused(assist({ amount: 'abc' }), 'BAD_USER_INPUT');
  });

  it('a malformed or impossible date', async () => {
    await expectRefused(assist({ date: '2020-02-30' }), 'BAD_USER_INPUT');
    await expectRefused(assist({ date: '20200101' }), 'BAD_USER_INPUT');
  });

  it('a future date', async () => {
    await expectRefused(assist({ date: '2999-01-01' }), 'FUTURE_DATE');
  });

  it('a rule violation', async () => {
    const res = await expectRefused(
      () =>
        app.gql(
          `mutation($input: EdgeHouseholdInput!) { flagEdgeHousehold(input: $input) { revision } }`,
          {
            input: { householdId, effectiveDate: '2020-01-01' },
          },
        ),
      'EDGE_REQUIRES_NON_POOR',
    );
    expect(res.errors?.[0]?.message).toContain('非建档立卡户');
  });

  it('a member already active in another household', async () => {
    const other = await registerHousehold(app, { size: 1 });
    await expectRefused(
      register({ members: [member({ idNumber: other.ids[0] })] }),
      'MEMBER_IN_OTHER_HOUSEHOLD',
    );
  });

  it('an unknown enum value', async () => {
    await expectRefused(assist({ category: 'LOTTERY' }), 'BAD_USER_INPUT');
  });

  it('an oversized list', async () => {
    const members = Array.from({ length: 51 }, (_, i) =>
      member({ idNumber: residentId('1980-01-01', 200 + i), relation: i === 0 ? 'HEAD' : 'CHILD' }),
    );
    await expectRefused(register({ members }), 'INPUT_TOO_LARGE');
  });

  it('an oversized text', async () => {
    await expectRefused(assist({ programme: '项'.repeat(2001) }), 'INPUT_TOO_LARGE');
  });

  it('an oversized request body', async () => {
    const before = await app.eventCount();
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(300_000) } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await app.eventCount()).toBe(before);
  });

  it('malformed JSON', async () => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('a query nested too deep (this app allows 4 levels), while introspection stays open', async () => {
    const deep = `{ households { edges { node { members { name } } } } }`;
    await expectRefused(() => app.gql(deep), 'QUERY_TOO_DEEP');
    const fine = await app.gql(`{ households { edges { node { id } } } }`);
    expect(fine.errors).toBeUndefined();
    const introspection = await app.gql(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.queryType.name).toBe('Query');
  });

  it('a query repeating an expensive field under many aliases', async () => {
    const aliases = Array.from({ length: 400 }, (_, i) => `a${i}: households { totalCount }`);
    await expectRefused(() => app.gql(`{ ${aliases.join(' ')} }`), 'QUERY_TOO_LARGE');
  });

  it('fragments that fan out exponentially are refused, and measured without blowing up', async () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { households { totalCount } }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    await expectRefused(() => app.gql(`query { ...F0 } ${fragments.join(' ')}`), 'QUERY_TOO_LARGE');
  });

  it('introspection under many aliases is refused', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: __schema { types { name } }`);
    await expectRefused(() => app.gql(`{ ${aliases.join(' ')} }`), 'QUERY_TOO_LARGE');
  });

  it('a malformed query', async () => {
    await expectRefused(() => app.gql('mutation { registerHousehold('), 'GRAPHQL_PARSE_FAILED');
  });
});
