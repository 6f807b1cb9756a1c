import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerHousehold } from './support/households.js';
import { TestApp } from './support/test-app.js';

const REPORT = /* GraphQL */ `
  query Report($year: Int!, $areaCode: String, $knownAt: Int) {
    yearEndReport(year: $year, areaCode: $areaCode, knownAt: $knownAt) {
      year
      asOf
      position
      knownAt
      generatedAt
      monitoringLine
      stock {
        registeredHouseholds
        registeredPeople
        exitedHouseholds
        remainingHouseholds
        remainingPeople
      }
      startOfYear {
        remaining {
          households
          people
        }
      }
      flows {
        exited {
          households
          people
        }
      }
      assistance {
        category
        label
        amount
        amountWanYuan
      }
      townships {
        areaCode
        exitedInYear {
          households
        }
      }
      text
      restatement {
        figure
        label
        published
        current
      }
    }
  }
`;

describe('yearEndReport over GraphQL: a back-dated exit does not change the published report', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('regenerates the published report at knownAt and lists the restatement', async () => {
    const { householdId } = await registerHousehold(app, {
      effectiveDate: '2016-05-01',
      identifiedYear: 2016,
      size: 3,
    });
    await app.ok(
      `mutation($input: RecordIncomeAssessmentInput!) { recordIncomeAssessment(input: $input) { revision } }`,
      {
        input: {
          householdId,
          year: 2020,
          perCapitaNetIncome: '4800.00',
          effectiveDate: '2020-11-15',
        },
      },
    );
    await app.ok(
      `mutation($input: RecordAssistanceInput!) { recordAssistance(input: $input) { revision } }`,
      {
        input: {
          householdId,
          category: 'INDUSTRY',
          amount: '32146.30',
          peopleReached: 3,
          date: '2020-04-01',
        },
      },
    );

    // Published in January: the household had not exited.
    const published = (await app.ok(REPORT, { year: 2020 })).yearEndReport;
    expect(published).toMatchObject({
      year: 2020,
      asOf: '2020-12-31',
      knownAt: null,
      monitoringLine: '5000.00',
      stock: { registeredHouseholds: 1, registeredPeople: 3, remainingHouseholds: 1 },
      startOfYear: { remaining: { households: 1, people: 3 } },
      flows: { exited: { households: 0, people: 0 } },
      assistance: [
        { category: 'INDUSTRY', label: '产业帮扶', amount: '32146.30', amountWanYuan: '3.21' },
      ],
      restatement: null,
    });
    expect(published.text).toContain('剩余未脱贫1户3人');
    expect(Number.isNaN(Date.parse(published.generatedAt))).toBe(false);

    // Later: the exit of 20 December is recorded.
    await app.ok(
      `mutation($input: ExitPovertyInput!) { exitPoverty(input: $input) { revision } }`,
      {
        input: {
          householdId,
          year: 2020,
          effectiveDate: '2020-12-20',
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

    const again = (await app.ok(REPORT, { year: 2020, knownAt: published.position })).yearEndReport;
    expect(again.stock).toEqual(published.stock);
    expect(again.flows).toEqual(published.flows);
    expect(again.townships).toEqual(published.townships);
    expect(again.knownAt).toBe(published.position);
    expect(again.restatement).toEqual(
      expect.arrayContaining([
        {
          figure: 'stock.exitedHouseholds',
          label: '年末存量·已脱贫户数',
          published: '0',
          current: '1',
        },
        {
          figure: 'stock.remainingHouseholds',
          label: '年末存量·未脱贫户数',
          published: '1',
          current: '0',
        },
        expect.objectContaining({ figure: 'flows.exited.people', published: '0', current: '3' }),
      ]),
    );

    const now = (await app.ok(REPORT, { year: 2020 })).yearEndReport;
    expect(now.position).toBeGreaterThan(published.position);
    expect(now.stock).toMatchObject({ exitedHouseholds: 1, remainingHouseholds: 0 });
    expect(now.text).toContain('全年脱贫退出1户3人');
  });

  it('answers bad input with a code, not a stack trace', async () => {
    const year = await app.gql(REPORT, { year: 1999 });
    expect(year.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const ahead = await app.gql(REPORT, { year: 2020, knownAt: 1_000_000 });
    expect(ahead.errors?.[0]?.extensions?.code).toBe('KNOWN_AT_AHEAD');
    const area = await app.gql(REPORT, { year: 2020, areaCode: '43x' });
    expect(area.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});
