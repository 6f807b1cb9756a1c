import { addDays } from '#app/households';
import { between, maxOf, minOf } from '../dates.js';
import { REVIEW_NOTES, REVIEW_PROBLEMS } from '../texts.js';
import type { Draft, Planner } from './planner.js';

/**
 * Phase 3: the 2020 review campaign (动态管理) — every household visited once, across the county
 * at the same time, so it runs over all households with one stream of its own.
 */

const REVIEW_FROM = '2020-01-06';
const REVIEW_TO = '2020-05-29';

/** Every household visited once in January–May 2020; the campaign's problems, rectified by June. */
export function reviewCampaign(planner: Planner, drafts: readonly Draft[]): void {
  const r = planner.random.fork('review');
  for (const d of drafts) {
    const date = between(r, maxOf(d.registeredOn, REVIEW_FROM), REVIEW_TO);
    d.review = planner.step(d, date, {
      type: 'LogVisit',
      date,
      cadre: planner.cadre(d, r),
      purpose: 'REVIEW',
      notes: r.pick(REVIEW_NOTES),
      problems: [],
    });
  }
  const total = planner.targets.review.problems;
  const doubles = Math.floor(total * 0.08);
  const visited = r.shuffle(drafts).slice(0, total - doubles);
  if (visited.length < total - doubles) {
    throw new RangeError(`too few review visits for ${total} problems`);
  }
  visited.forEach((d, i) => {
    const count = i < doubles ? 2 : 1;
    const descriptions = r.shuffle(REVIEW_PROBLEMS).slice(0, count);
    for (const description of descriptions) {
      const deadline = minOf(
        addDays(d.review!.date, r.int(15, 45)),
        planner.targets.review.rectifiedBy,
      );
      planner.problem(r, d, d.review!, description, deadline);
    }
  });
}
