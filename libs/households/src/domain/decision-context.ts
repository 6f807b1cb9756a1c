import type { IsoDate } from './dates.js';
import type { PolicyBook } from './policy.js';

/** Everything a decision needs from outside the stream, passed in so deciding stays pure. */
export interface DecisionContext {
  /** Today in the county's time zone; effective dates may not lie after it. */
  today: IsoDate;
  policy: PolicyBook;
  /** Fresh ids for new visits, problems and assistance records. */
  newId: () => string;
  /**
   * Resident ID → household in which that person is currently an active member, for the IDs the
   * command names, read from the member index projection. The rule "one person, one household"
   * spans streams, so it is checked against this projection, not enforced by the stream: two
   * commands that add the same person to two households at the same instant can both pass before
   * either is projected. The command handler serialises such commands within a process (the
   * embedded deployment has one), holding a lock per resident ID until the read models include
   * the append. Several API processes on one store could still both pass: the member index then
   * simply holds the person in both households (it is not a unique index, so the projection
   * never fails), and a removal with reason CORRECTION repairs it.
   */
  memberships: ReadonlyMap<string, string>;
  /**
   * Resident ID → the latest date the person left a household (any household, this one too),
   * from the same projection: a membership may not start before the previous one ended, or the
   * person would be counted twice for the days in between.
   */
  membershipEnds?: ReadonlyMap<string, IsoDate>;
}
