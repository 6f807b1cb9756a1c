import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerHousehold, VILLAGE } from './support/households.js';
import { residentId } from '../libs/households/src/domain/testing/resident-ids.js';
import { TestApp } from './support/test-app.js';

const STATS = /* GraphQL */ `
  query Stats($asOf: Date!, $areaCode: String) {
    statistics(asOf: $asOf, areaCode: $areaCode) {
      position
      registeredHouseholds
      registeredPeople
      exitedHouseholds
      exitedPeople
      remainingHouseholds
      remainingPeople
      edgeHouseholds
      edgePeople
      monitoredHouseholds
      monitoredPeople
      monitoredByCategory {
        category
        households
        people
      }
      riskEliminatedHouseholds
      riskEliminatedPeople
      assistance {
        category
        amount
        peopleReached
        households
      }
      visits
      problemsFound
      problemsRectified
      problemsOpen
      problemsOverdue
    }
  }
`;

describe('a cadre works a household over GraphQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('registers, visits, assists, exits, returns, and statistics answer as of any date', async () => {
    const { householdId, ids } = await registerHousehold(app, {
      size: 3,
      effectiveDate: '2015-03-01',
    });

    const visit = await app.ok(
      `mutation($input: LogVisitInput!) { logVisit(input: $input) { householdId revision problemIds } }`,
      {
        input: {
          householdId,
          date: '2019-04-02',
          cadre: '李干部',
          purpose: 'REVIEW',
          notes: '回头看入户',
          problems: [
            { description: '饮水管道老化', deadline: '2019-06-30' },
            { description: '危房未改造', deadline: '2019-05-31' },
          ],
        },
      },
    );
    expect(visit.logVisit.revision).toBe(3);
    expect(visit.logVisit.problemIds).toHaveLength(2);

    await app.ok(
      `mutation($input: RectifyProblemInput!) { rectifyProblem(input: $input) { revision } }`,
      {
        input: {
          householdId,
          problemId: visit.logVisit.problemIds[0],
          date: '2019-06-20',
          measures: '更换管道',
        },
      },
    );
    await app.ok(
      `mutation($input: RecordAssistanceInput!) { recordAssistance(input: $input) { revision assistanceId } }`,
      {
        input: {
          householdId,
          category: 'INDUSTRY',
          amount: '3214.63',
          peopleReached: 3,
          date: '2019-05-10',
          programme: '产业奖补',
        },
      },
    );
    await app.ok(
      `mutation($input: RecordIncomeAssessmentInput!) { recordIncomeAssessment(input: $input) { revision } }`,
      {
        input: {
          householdId,
          year: 2019,
          perCapitaNetIncome: '5200.00',
          effectiveDate: '2019-11-15',
        },
      },
    );
    const exited = await app.ok(
      `mutation($input: ExitPovertyInput!) { exitPoverty(input: $input) { householdId revision } }`,
      {
        input: {
          householdId,
          year: 2019,
          effectiveDate: '2019-12-20',
          checklist: {
            foodAndClothing: true,
            education: true,
            medical: true,
            housing: true,
            drinkingWater: true,
          },
        },
      },
    );
    expect(exited.exitPoverty).toEqual({ householdId, revision: 7 });

    // A birth in 2020 and a return to poverty in 2021, recorded after the 2019 figures.
    await app.ok(`mutation($input: AddMemberInput!) { addMember(input: $input) { revision } }`, {
      input: {
        householdId,
        member: { name: '新生儿', idNumber: residentId('2020-02-02', 902), relation: 'GRANDCHILD' },
        reason: 'BIRTH',
        effectiveDate: '2020-02-10',
      },
    });
    await app.ok(
      `mutation($input: ReturnToPovertyInput!) { returnToPoverty(input: $input) { revision } }`,
      {
        input: { householdId, effectiveDate: '2021-03-01', reason: '因病返贫' },
      },
    );

    const at2019 = (await app.ok(STATS, { asOf: '2019-12-31' })).statistics;
    // Figures name the log position they were computed at: every event recorded so far.
    expect(at2019.position).toBe(await app.eventCount());
    expect(at2019).toMatchObject({
      registeredHouseholds: 1,
      registeredPeople: 3,
      exitedHouseholds: 1,
      exitedPeople: 3,
      remainingHouseholds: 0,
      visits: 1,
      problemsFound: 2,
      problemsRectified: 1,
      problemsOpen: 1,
      problemsOverdue: 1,
    });
    expect(at2019.assistance).toEqual([
      { category: 'INDUSTRY', amount: '3214.63', peopleReached: 3, households: 1 },
    ]);
    const before = (await app.ok(STATS, { asOf: '2019-12-19' })).statistics;
    expect(before).toMatchObject({
      exitedHouseholds: 0,
      remainingHouseholds: 1,
      remainingPeople: 3,
    });
    const in2020 = (await app.ok(STATS, { asOf: '2020-06-30' })).statistics;
    expect(in2020).toMatchObject({
      exitedHouseholds: 1,
      exitedPeople: 4,
      visits: 0,
      assistance: [],
    });
    const in2021 = (await app.ok(STATS, { asOf: '2021-12-31' })).statistics;
    expect(in2021).toMatchObject({
      exitedHouseholds: 0,
      remainingHouseholds: 1,
      remainingPeople: 4,
    });
    const beforeRegistration = (await app.ok(STATS, { asOf: '2015-02-28' })).statistics;
    expect(beforeRegistration.registeredHouseholds).toBe(0);

    const detail = await app.ok(
      `query($id: ID!) { household(id: $id) {
         id status areaCode revision membersCount
         members { idNumber relation }
         history { type effectiveDate recordedAt actor }
      } }`,
      { id: householdId },
    );
    expect(detail.household.status).toBe('POOR');
    expect(detail.household.revision).toBe(9);
    expect(detail.household.membersCount).toBe(4);
    expect(detail.household.members.map((m: { idNumber: string }) => m.idNumber)).toEqual(
      expect.arrayContaining(ids),
    );
    expect(detail.household.history.map((h: { type: string }) => h.type)).toEqual([
      'HouseholdRegistered',
      'VisitLogged',
      'ProblemRecorded',
      'ProblemRecorded',
      'ProblemRectified',
      'AssistanceRecorded',
      'IncomeAssessed',
      'PovertyExited',
      'MemberAdded',
      'ReturnedToPoverty',
    ]);
    expect(detail.household.history[7]).toMatchObject({
      effectiveDate: '2019-12-20',
      actor: 'anonymous',
    });
  });

  it('flags an edge household, monitors it, eliminates the risk and reopens it', async () => {
    const { householdId } = await registerHousehold(app, {
      registeredPoor: false,
      size: 2,
      effectiveDate: '2019-01-05',
    });
    const run = (mutation: string, type: string, input: Record<string, unknown>) =>
      app.ok(`mutation($input: ${type}!) { ${mutation}(input: $input) { revision } }`, {
        input: { householdId, ...input },
      });
    await run('flagEdgeHousehold', 'EdgeHouseholdInput', {
      effectiveDate: '2020-01-10',
      reason: '收入略高于贫困线',
    });
    await run('startMonitoring', 'StartMonitoringInput', {
      category: 'EDGE_PRONE',
      riskFactors: ['ILLNESS', 'UNSTABLE_EMPLOYMENT'],
      effectiveDate: '2020-02-01',
    });
    await run('recordAssistance', 'RecordAssistanceInput', {
      category: 'EMPLOYMENT',
      amount: '1200',
      peopleReached: 1,
      date: '2020-03-15',
      programme: '公益性岗位',
    });
    await run('recordIncomeAssessment', 'RecordIncomeAssessmentInput', {
      year: 2020,
      perCapitaNetIncome: '5000.00',
      effectiveDate: '2020-08-01',
    });
    const early = await app.gql(
      `mutation($input: EliminateRiskInput!) { eliminateRisk(input: $input) { revision } }`,
      { input: { householdId, effectiveDate: '2020-07-31' } },
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('MONITORING_TOO_SHORT');
    await run('eliminateRisk', 'EliminateRiskInput', { effectiveDate: '2020-08-01' });

    const monitoredQuery = `query { households(filter: { areaCode: "${VILLAGE}", edge: true }) { totalCount edges { node { id monitoring { state category } } } } }`;
    const list = await app.ok(monitoredQuery);
    expect(list.households.totalCount).toBeGreaterThanOrEqual(1);
    const mine = list.households.edges.find(
      (e: { node: { id: string } }) => e.node.id === householdId,
    );
    expect(mine.node.monitoring).toEqual({ state: 'ELIMINATED', category: 'EDGE_PRONE' });

    const stats = (await app.ok(STATS, { asOf: '2020-12-31', areaCode: VILLAGE })).statistics;
    expect(stats).toMatchObject({
      edgeHouseholds: 1,
      edgePeople: 2,
      riskEliminatedHouseholds: 1,
      riskEliminatedPeople: 2,
      monitoredHouseholds: 0,
    });
    const during = (await app.ok(STATS, { asOf: '2020-05-01', areaCode: VILLAGE })).statistics;
    expect(during).toMatchObject({
      monitoredHouseholds: 1,
      monitoredPeople: 2,
      riskEliminatedHouseholds: 0,
    });
    expect(during.monitoredByCategory).toEqual([
      { category: 'EDGE_PRONE', households: 1, people: 2 },
    ]);

    await run('reopenMonitoring', 'ReopenMonitoringInput', {
      effectiveDate: '2021-02-01',
      reason: '再次失业',
    });
    const atRisk = await app.ok(
      `query { atRiskHouseholds(filter: { areaCode: "${VILLAGE}", reasons: [MONITORED] }) { totalCount edges { node { householdId reasons } } } }`,
    );
    const node = atRisk.atRiskHouseholds.edges.find(
      (e: { node: { householdId: string } }) => e.node.householdId === householdId,
    );
    expect(node.node.reasons).toContain('MONITORED');

    await run('clearEdgeHousehold', 'EdgeHouseholdInput', { effectiveDate: '2021-03-01' });
    const after = (await app.ok(STATS, { asOf: '2021-03-01', areaCode: VILLAGE })).statistics;
    expect(after).toMatchObject({ edgeHouseholds: 0, monitoredHouseholds: 1 });
  });

  it('deregisters a wrongly registered household: it leaves the counts from that date, history stays', async () => {
    const { householdId } = await registerHousehold(app, {
      areaCode: '431023105207',
      effectiveDate: '2016-01-01',
      size: 2,
    });
    await app.ok(
      `mutation($input: DeregisterHouseholdInput!) { deregisterHousehold(input: $input) { revision } }`,
      {
        input: {
          householdId,
          effectiveDate: '2020-09-01',
          reason: 'WRONGLY_REGISTERED',
          note: '错评剔除',
        },
      },
    );
    const area = '431023105';
    const before = (await app.ok(STATS, { asOf: '2020-08-31', areaCode: area })).statistics;
    const after = (await app.ok(STATS, { asOf: '2020-09-01', areaCode: area })).statistics;
    expect(before).toMatchObject({ registeredHouseholds: 1, registeredPeople: 2 });
    expect(after).toMatchObject({ registeredHouseholds: 0, registeredPeople: 0 });
    const detail = await app.ok(
      `query($id: ID!) { household(id: $id) { status history { type } } }`,
      { id: householdId },
    );
    expect(detail.household.status).toBe('DEREGISTERED');
    expect(detail.household.history).toHaveLength(2);
  });
});
