import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#app/event-store';
import { HOUSEHOLD_EVENT_TYPES } from '../../domain/index.js';
import { ev, ids, member, projectionSpec, type Row } from '../testing/projection-harness.js';
import {
  ASSISTANCE_TABLE,
  assistanceLedgerProjection as projection,
} from './assistance-ledger.projection.js';

const H = ids.household(1);
const head = member('张三', 'HEAD', '1970-05-06', 'MALE', { seq: 11 });
const registration = () =>
  ev.registered({ householdId: H, effectiveDate: '2018-03-01', members: [head] });

describe('assistance ledger projection', () => {
  const spec = projectionSpec(projection, 'assistance-');

  const ledger = async () =>
    (await spec.db.selectFrom(ASSISTANCE_TABLE).selectAll().orderBy('position').execute()) as Row[];

  it('AssistanceRecorded writes one row with the amount in integer fen', async () => {
    const [, recorded] = await spec.record(
      H,
      registration(),
      ev.assistance(ids.assistance(1), 'MICRO_CREDIT', 5_000_000_01, '2019-04-01', 3, '小额信贷'),
    );
    expect(await ledger()).toEqual([
      {
        assistance_id: ids.assistance(1),
        household_id: H,
        category: 'MICRO_CREDIT',
        amount_fen: 5_000_000_01,
        people_reached: 3,
        date: '2019-04-01',
        programme: '小额信贷',
        revision: 1,
        position: recorded!.position,
      },
    ]);
    expect(recorded!.position).toBe(2);
  });

  it('AssistanceRecorded without a programme stores null; zero amounts are kept', async () => {
    await spec.record(
      H,
      registration(),
      ev.assistance(ids.assistance(2), 'SOCIAL', 0, '2019-05-01', 0),
    );
    expect(await ledger()).toEqual([
      expect.objectContaining({
        assistance_id: ids.assistance(2),
        programme: null,
        amount_fen: 0,
        people_reached: 0,
      }),
    ]);
  });

  it('an amount past 2^31 fen is stored to the fen', async () => {
    const large = 2 ** 31 * 10 + 7;
    await spec.record(
      H,
      registration(),
      ev.assistance(ids.assistance(1), 'INDUSTRY', large, '2019-01-01'),
    );
    expect((await ledger()).map((r) => r.amount_fen)).toEqual([large]);
  });

  it('one unit of work over many households writes every measure once', async () => {
    // More rows than one insert statement binds (64), in one batch: the rows are chunked.
    const events: RecordedEvent[] = [];
    for (let n = 1; n <= 70; n++) {
      const household = ids.household(100 + n);
      events.push(
        ...spec.log.add(
          household,
          ev.otherHouseholdRegistered(household, '2018-01-01'),
          ev.assistance(ids.assistance(n), 'HEALTH', n, '2019-03-01'),
        ),
      );
    }
    await spec.db.transaction().execute(async (trx) => {
      const batch = projection.batch(trx);
      await batch.add(events.filter((e) => projection.handles.has(e.type)));
      await batch.flush();
      // The same events again in the same unit of work: still one row each.
      await batch.add(events.filter((e) => projection.handles.has(e.type)));
      await batch.flush();
    });
    const rows = await ledger();
    expect(rows).toHaveLength(70);
    expect(rows.map((r) => r.amount_fen)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });

  it('writes nothing for any other event type', async () => {
    const others = HOUSEHOLD_EVENT_TYPES.filter((t) => t !== 'AssistanceRecorded');
    expect(others.some((t) => projection.handles.has(t))).toBe(false);
    // Even if handed to it directly, a non-assistance event writes nothing.
    const events = spec.log.add(
      H,
      registration(),
      ev.visit(ids.visit(1), '2019-01-01'),
      ev.income(2019, 5, '2019-11-01'),
    );
    await spec.db.transaction().execute(async (trx) => {
      const batch = projection.batch(trx);
      await batch.add(events);
      await batch.flush();
    });
    expect(await ledger()).toEqual([]);
  });

  it('the same assistance id recorded again keeps the first row', async () => {
    await spec.record(
      H,
      registration(),
      ev.assistance(ids.assistance(1), 'INDUSTRY', 100, '2019-01-01'),
    );
    await spec.record(H, ev.assistance(ids.assistance(1), 'HEALTH', 999, '2019-02-01'));
    expect(await ledger()).toEqual([
      expect.objectContaining({
        assistance_id: ids.assistance(1),
        category: 'INDUSTRY',
        amount_fen: 100,
        revision: 1,
      }),
    ]);
  });

  it('applying a whole household history twice gives the same rows', async () => {
    const events = spec.log.add(
      H,
      registration(),
      ev.assistance(ids.assistance(1), 'INDUSTRY', 300_000, '2018-04-01', 2, '产业奖补'),
      ev.income(2018, 400_000, '2018-11-01'),
      ev.assistance(ids.assistance(2), 'EMPLOYMENT', 150_000, '2019-01-01', 1),
      ev.assistance(
        ids.assistance(3),
        'HOUSING_RENOVATION',
        2_000_000,
        '2019-06-01',
        3,
        '危房改造',
      ),
      ev.deregistered('2020-01-01', 'OTHER'),
    );
    const { once, twice } = await spec.applyTwice(events);

    expect(twice).toEqual(once);
    expect(
      (await ledger()).map((r) => [r.assistance_id, r.amount_fen, r.revision, r.position]),
    ).toEqual([
      [ids.assistance(1), 300_000, 1, 2],
      [ids.assistance(2), 150_000, 3, 4],
      [ids.assistance(3), 2_000_000, 4, 5],
    ]);
  });
});
