import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { loadPolicyFile } from '../infrastructure/policy-file.js';
import { CLOCK, EVENT_STORE, POLICY_BOOK, READ_DB } from '../shared/tokens.js';
import { readSideProviders } from './read-side.providers.js';
import { fixedClock, openReadSideFixture, type ReadSideFixture } from './testing/fixture.js';
import { ev, ids, member } from './testing/projection-harness.js';

const VILLAGE = '431023100201';

/** The read side wired into Nest + Apollo exactly as a module would register it, queried over HTTP. */
describe('read side over GraphQL', () => {
  let fx: ReadSideFixture;
  let app: INestApplication;
  const id = ids.household(42);
  const other = ids.household(43);

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await request(app.getHttpServer()).post('/graphql').send({ query, variables });
    return res.body as { data?: any; errors?: { message: string }[] };
  };
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const body = await gql(query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  beforeAll(async () => {
    fx = await openReadSideFixture();
    await fx.append(
      id,
      [
        ev.registered({
          householdId: id,
          areaCode: VILLAGE,
          effectiveDate: '2016-03-01',
          members: [
            member('王大', 'HEAD', '1960-01-01'),
            member('李二', 'SPOUSE', '1962-02-02', 'FEMALE'),
          ],
        }),
        ev.assistance('big-1', 'INDUSTRY', 2_000_000_000, '2020-03-01', 2, '产业奖补'),
        ev.assistance('big-2', 'INDUSTRY', 1_000_000_001, '2020-04-01', 2),
        ev.income(2020, 520_000, '2020-11-20'),
        ev.visit('v1', '2020-11-20', { perCapitaIncomeCheckFen: 520_050 }),
        ev.problem('p1', 'v1', '2020-11-20', '2020-12-01'),
        ev.exited('2020-12-10'),
      ],
      { actor: '李干部' },
    );
    await fx.append(other, [
      ev.registered({
        householdId: other,
        areaCode: VILLAGE,
        effectiveDate: '2017-01-01',
        members: [member('赵一', 'HEAD', '1950-01-01')],
      }),
    ]);
    await fx.catchUp();

    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsModule.forRoot(),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
        }),
      ],
      providers: [
        ...readSideProviders,
        { provide: READ_DB, useValue: fx.db },
        { provide: EVENT_STORE, useValue: fx.store },
        { provide: CLOCK, useValue: fixedClock },
        { provide: POLICY_BOOK, useValue: loadPolicyFile('config/policy.json') },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('answers household(id) with its lists, Yuan as decimal strings and Chinese labels', async () => {
    const data = await ok(
      `query($id: ID!) { household(id: $id) {
        id status statusLabel registeredPoor exitYear membersCount openProblems overdueProblems revision
        latestIncome { year perCapitaNetIncome }
        monitoring { state stateLabel category }
        members { name relation relationLabel sex birthDate since }
        problems { id deadline overdue }
        visits { id purposeLabel perCapitaIncomeCheck }
        assistance { id category categoryLabel amount programme }
        history { revision type effectiveDate actor data }
      } }`,
      { id },
    );
    const h = data.household;
    expect(h).toMatchObject({
      id,
      status: 'EXITED',
      statusLabel: '已脱贫',
      registeredPoor: true,
      exitYear: 2020,
      membersCount: 2,
      openProblems: 1,
      overdueProblems: 1,
      revision: 6,
      latestIncome: { year: 2020, perCapitaNetIncome: '5200.00' },
      monitoring: { state: 'NONE', stateLabel: '未纳入监测', category: null },
    });
    expect(h.members).toEqual([
      {
        name: '王大',
        relation: 'HEAD',
        relationLabel: '户主',
        sex: 'MALE',
        birthDate: '1960-01-01',
        since: '2016-03-01',
      },
      {
        name: '李二',
        relation: 'SPOUSE',
        relationLabel: '配偶',
        sex: 'FEMALE',
        birthDate: '1962-02-02',
        since: '2016-03-01',
      },
    ]);
    expect(h.problems).toEqual([{ id: 'p1', deadline: '2020-12-01', overdue: true }]);
    expect(h.visits).toEqual([
      { id: 'v1', purposeLabel: '日常走访', perCapitaIncomeCheck: '5200.50' },
    ]);
    expect(h.assistance).toEqual([
      {
        id: 'big-2',
        category: 'INDUSTRY',
        categoryLabel: '产业帮扶',
        amount: '10000000.01',
        programme: null,
      },
      {
        id: 'big-1',
        category: 'INDUSTRY',
        categoryLabel: '产业帮扶',
        amount: '20000000.00',
        programme: '产业奖补',
      },
    ]);
    expect(h.history.map((e: { type: string }) => e.type)).toEqual([
      'HouseholdRegistered',
      'AssistanceRecorded',
      'AssistanceRecorded',
      'IncomeAssessed',
      'VisitLogged',
      'ProblemRecorded',
      'PovertyExited',
    ]);
    expect(h.history[6]).toMatchObject({
      revision: 6,
      effectiveDate: '2020-12-10',
      actor: '李干部',
    });
    expect(JSON.parse(h.history[6].data)).toMatchObject({
      year: 2020,
      effectiveDate: '2020-12-10',
    });
  });

  it('loads the lists only when they are asked for', async () => {
    const bus = app.get(QueryBus);
    const spy = jest.spyOn(bus, 'execute');
    try {
      await ok(`query($id: ID!) { household(id: $id) { id status } }`, { id });
      expect(spy.mock.calls.map(([q]) => (q as object).constructor.name)).toEqual([
        'GetHouseholdQuery',
      ]);
      spy.mockClear();
      await ok(`query($id: ID!) { household(id: $id) { members { name } history { type } } }`, {
        id,
      });
      expect(spy.mock.calls.map(([q]) => (q as object).constructor.name).sort()).toEqual([
        'GetHouseholdHistoryQuery',
        'GetHouseholdMembersQuery',
        'GetHouseholdQuery',
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers households with a Relay connection and refuses bad input', async () => {
    const data = await ok(`{ households(filter: { areaCode: "${VILLAGE}" }, first: 1) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } } }`);
    expect(data.households.totalCount).toBe(2);
    expect(data.households.edges).toHaveLength(1);
    expect(data.households.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = await ok(
      `query($after: String) { households(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } }`,
      {
        after: data.households.pageInfo.endCursor,
      },
    );
    expect([data.households.edges[0].node.id, next.households.edges[0].node.id].sort()).toEqual([
      id,
      other,
    ]);
    expect(next.households.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });

    expect(await ok(`{ household(id: "${ids.household(44)}") { id } }`)).toEqual({
      household: null,
    });
    const bad = await gql(`{ household(id: "nope") { id } }`);
    expect(bad.errors?.[0]?.message).toContain('户编号格式不正确');
    const tooMany = await gql(`{ households(first: 500) { totalCount } }`);
    expect(tooMany.errors?.[0]?.message).toContain('200');
  });

  it('answers statistics with exact money beyond 2^31 fen', async () => {
    const data = await ok(`{ statistics(asOf: "2020-12-31", areaCode: "431023") {
      asOf areaCode registeredHouseholds registeredPeople exitedHouseholds remainingHouseholds
      assistance { category label amount peopleReached households } problemsOpen problemsOverdue } }`);
    expect(data.statistics).toEqual({
      asOf: '2020-12-31',
      areaCode: '431023',
      registeredHouseholds: 2,
      registeredPeople: 3,
      exitedHouseholds: 1,
      remainingHouseholds: 1,
      assistance: [
        {
          category: 'INDUSTRY',
          label: '产业帮扶',
          amount: '30000000.01',
          peopleReached: 4,
          households: 1,
        },
      ],
      problemsOpen: 1,
      problemsOverdue: 1,
    });
    const bad = await gql(`{ statistics(asOf: "2020-12-31", areaCode: "4310") { visits } }`);
    expect(bad.errors).toBeUndefined();
    const worse = await gql(`{ statistics(asOf: "2020-12-31", areaCode: "43102a") { visits } }`);
    expect(worse.errors?.[0]?.message).toContain('区划代码');
    const badDate = await gql(`{ statistics(asOf: "2020-13-01") { visits } }`);
    expect(badDate.errors?.[0]?.message).toContain('2020-13-01');
  });

  it('answers atRiskHouseholds with enum reasons', async () => {
    const data =
      await ok(`{ atRiskHouseholds(filter: { reasons: [OVERDUE_PROBLEM, NO_RECENT_VISIT] }) {
      totalCount edges { node { householdId status reasons reasonLabels overdueProblems lastVisitOn latestIncome { perCapitaNetIncome } } } } }`);
    expect(data.atRiskHouseholds.totalCount).toBe(2);
    expect(data.atRiskHouseholds.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        householdId: id,
        status: 'EXITED',
        reasons: ['OVERDUE_PROBLEM'],
        reasonLabels: ['问题逾期未整改'],
        overdueProblems: 1,
        lastVisitOn: '2020-11-20',
        latestIncome: { perCapitaNetIncome: '5200.00' },
      },
      {
        householdId: other,
        status: 'POOR',
        reasons: ['NO_RECENT_VISIT'],
        reasonLabels: ['长期未走访'],
        overdueProblems: 0,
        lastVisitOn: null,
        latestIncome: null,
      },
    ]);
  });
});
