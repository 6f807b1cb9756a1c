import type { DecisionContext } from '../domain/index.js';

/**
 * What the command side asks of the member index: for the resident IDs a command names, the
 * household each is an active member of now, and the latest date each left a household. The rule
 * "one person, one household" spans streams, so the decider gets these as facts (see
 * DecisionContext); the membership read model answers them.
 */
export interface MembershipIndex {
  lookUp(idNumbers: readonly string[]): Promise<Memberships>;
}

export type Memberships = Pick<DecisionContext, 'memberships' | 'membershipEnds'>;

export const MEMBERSHIP_INDEX = Symbol('MEMBERSHIP_INDEX');
