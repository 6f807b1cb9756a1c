import { describe, expect, it } from '@jest/globals';
import type { HouseholdEvent } from '../../domain/index.js';
import { ev, ids, member, projectionSpec, type Row } from '../testing/projection-harness.js';
import {
  PROBLEMS_TABLE,
  VISITS_TABLE,
  visitsAndProblemsProjection as projection,
} from './visits-and-problems.projection.js';

const H = ids.household(1);
const head = member('张三', 'HEAD', '1970-05-06', 'MALE', { seq: 11 });
const registration = () =>
  ev.registered({ householdId: H, effectiveDate: '2018-03-01', members: [head] });
const V1 = ids.visit(1);
const P1 = ids.problem(1);
const P2 = ids.problem(2);

describe('visits and problems projection', () => {
  const spec = projectionSpec(projection, 'visits-');

  const record = (...events: HouseholdEvent[]) => spec.record(H, ...events);
  const visits = async () =>
    (await spec.db.selectFrom(VISITS_TABLE).selectAll().orderBy('revision').execute()) as Row[];
  const problems = async () =>
    (await spec.db.selectFrom(PROBLEMS_TABLE).selectAll().orderBy('problem_id').execute()) as Row[];

  it('handles visits, problems and rectifications only', () => {
    expect([...projection.handles].sort()).toEqual([
      'ProblemRecorded',
      'ProblemRectified',
      'VisitLogged',
    ]);
    expect(projection.tables).toEqual([VISITS_TABLE, PROBLEMS_TABLE]);
  });

  it('VisitLogged writes the visit with notes and income check', async () => {
    await record(
      registration(),
      ev.visit(V1, '2019-06-01', {
        cadre: '王干部',
        purpose: 'VERIFICATION',
        notes: '核实收入',
        perCapitaIncomeCheckFen: 512_34,
      }),
    );
    expect(await visits()).toEqual([
      {
        visit_id: V1,
        household_id: H,
        date: '2019-06-01',
        cadre: '王干部',
        purpose: 'VERIFICATION',
        notes: '核实收入',
        income_check_fen: 512_34,
        revision: 1,
        position: 2,
      },
    ]);
    expect(await problems()).toEqual([]);
  });

  it('VisitLogged without notes or income check stores nulls', async () => {
    await record(registration(), ev.visit(V1, '2019-06-01'));
    expect(await visits()).toEqual([
      expect.objectContaining({
        visit_id: V1,
        cadre: '李干部',
        purpose: 'ROUTINE',
        notes: null,
        income_check_fen: null,
      }),
    ]);
  });

  it('ProblemRecorded writes an open problem linked to its visit', async () => {
    await record(
      registration(),
      ev.visit(V1, '2019-06-01'),
      ev.problem(P1, V1, '2019-06-01', '2019-08-31', '饮水不安全'),
    );
    expect(await problems()).toEqual([
      {
        problem_id: P1,
        household_id: H,
        visit_id: V1,
        description: '饮水不安全',
        found_on: '2019-06-01',
        deadline: '2019-08-31',
        rectified_on: null,
        rectified_position: null,
        found_position: 3,
        measures: null,
        revision: 2,
      },
    ]);
  });

  it('ProblemRectified records date and measures on that problem only', async () => {
    await record(
      registration(),
      ev.visit(V1, '2019-06-01'),
      ev.problem(P1, V1, '2019-06-01', '2019-08-31'),
      ev.problem(P2, V1, '2019-06-01', '2019-09-30'),
      ev.rectified(P1, '2019-07-15', '打井'),
    );
    expect(
      (await problems()).map((r) => [r.problem_id, r.rectified_on, r.measures, r.revision]),
    ).toEqual([
      [P1, '2019-07-15', '打井', 2],
      [P2, null, null, 3],
    ]);
  });

  it('a rectification delivered again does not overwrite the first', async () => {
    await record(
      registration(),
      ev.visit(V1, '2019-06-01'),
      ev.problem(P1, V1, '2019-06-01', '2019-08-31'),
    );
    await record(ev.rectified(P1, '2019-07-15', '打井'));
    await record(ev.rectified(P1, '2019-08-01', '另一措施'));
    expect(await problems()).toEqual([
      expect.objectContaining({ rectified_on: '2019-07-15', measures: '打井' }),
    ]);
  });

  it('writes nothing for events it does not handle', async () => {
    const events = spec.log.add(
      H,
      registration(),
      ev.assistance(ids.assistance(1), 'HEALTH', 5, '2019-01-01'),
      ev.deregistered('2019-02-02', 'OTHER'),
    );
    await spec.db.transaction().execute(async (trx) => {
      const batch = projection.batch(trx);
      await batch.add(events);
      await batch.flush();
    });
    expect(await spec.dump()).toEqual({
      [VISITS_TABLE]: [],
      [PROBLEMS_TABLE]: [],
    });
  });

  it('applying a whole household history twice gives the same rows', async () => {
    const V2 = ids.visit(2);
    const events = spec.log.add(
      H,
      registration(),
      ev.visit(V1, '2019-06-01', { notes: '初访' }),
      ev.problem(P1, V1, '2019-06-01', '2019-08-31', '危房'),
      ev.problem(P2, V1, '2019-06-01', '2019-07-31', '医保未参保'),
      ev.rectified(P2, '2019-07-01', '已参保'),
      ev.visit(V2, '2019-09-01', { purpose: 'REVIEW', perCapitaIncomeCheckFen: 400_000 }),
      ev.rectified(P1, '2019-10-01', '已改造'),
    );
    const { once, twice } = await spec.applyTwice(events);

    expect(twice).toEqual(once);
    expect((await visits()).map((r) => [r.visit_id, r.date, r.revision])).toEqual([
      [V1, '2019-06-01', 1],
      [V2, '2019-09-01', 5],
    ]);
    expect((await problems()).map((r) => [r.problem_id, r.visit_id, r.rectified_on])).toEqual([
      [P1, V1, '2019-10-01'],
      [P2, V1, '2019-07-01'],
    ]);
  });
});
