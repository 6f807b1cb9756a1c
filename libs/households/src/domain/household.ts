import { maxDate, type IsoDate } from './dates.js';
import type { HouseholdEvent, Member } from './events.js';
import type { DeregistrationReason, MonitoringCategory } from './vocabulary.js';

export type Monitoring =
  | { kind: 'None' }
  | { kind: 'Monitored'; category: MonitoringCategory; since: IsoDate }
  | { kind: 'Eliminated'; category: MonitoringCategory; since: IsoDate; on: IsoDate };

export interface ActiveMember extends Member {
  since: IsoDate;
}

export interface ProblemFacts {
  foundOn: IsoDate;
  deadline: IsoDate;
  rectifiedOn?: IsoDate;
}

/** What is known of a registered household whatever its status. */
export interface HouseholdFacts {
  householdId: string;
  areaCode: string;
  registeredOn: IsoDate;
  registeredPoor: boolean;
  members: Readonly<Record<string, ActiveMember>>;
  /**
   * Every income assessment in recording order. A later assessment of a year replaces an earlier
   * one, but only from its own effective date: decisions read what was known on their date.
   */
  assessments: readonly IncomeAssessment[];
  edge: boolean;
  edgeChangedOn?: IsoDate;
  monitoring: Monitoring;
  monitoringChangedOn?: IsoDate;
  /** Effective dates of every assistance measure recorded. */
  assistanceDates: readonly IsoDate[];
  problems: Readonly<Record<string, ProblemFacts>>;
  statusChangedOn: IsoDate;
  /** Latest effective date of any change; deregistration may not precede it. */
  lastChangeOn: IsoDate;
}

export type HouseholdState =
  | { status: 'Unregistered' }
  | { status: 'Poor'; facts: HouseholdFacts }
  | { status: 'Exited'; facts: HouseholdFacts; exitYear: number }
  | { status: 'NonPoor'; facts: HouseholdFacts }
  | { status: 'Deregistered'; facts: HouseholdFacts; reason: DeregistrationReason };

export type RegisteredState = Exclude<HouseholdState, { status: 'Unregistered' }>;

export const initialState: HouseholdState = { status: 'Unregistered' };

export interface IncomeAssessment {
  year: number;
  fen: number;
  on: IsoDate;
}

/** The year's per-capita income as assessed on or before `asOf`: the last such assessment. */
export function incomeFor(facts: HouseholdFacts, year: number, asOf?: IsoDate): number | undefined {
  return facts.assessments.findLast((a) => a.year === year && (asOf === undefined || a.on <= asOf))
    ?.fen;
}

/** The most recent year's income among the assessments made on or before `asOf` (or ever). */
export function latestIncome(
  facts: HouseholdFacts,
  asOf?: IsoDate,
): { year: number; fen: number } | undefined {
  const known =
    asOf === undefined ? facts.assessments : facts.assessments.filter((a) => a.on <= asOf);
  if (known.length === 0) return undefined;
  const year = Math.max(...known.map((a) => a.year));
  return { year, fen: incomeFor(facts, year, asOf)! };
}

export function evolve(state: HouseholdState, event: HouseholdEvent): HouseholdState {
  if (event.type === 'HouseholdRegistered') {
    const d = event.data;
    const members: Record<string, ActiveMember> = {};
    for (const m of d.members) members[m.idNumber] = { ...m, since: d.effectiveDate };
    const facts: HouseholdFacts = {
      householdId: d.householdId,
      areaCode: d.areaCode,
      registeredOn: d.effectiveDate,
      registeredPoor: d.registeredPoor,
      members,
      assessments: [],
      assistanceDates: [],
      edge: false,
      monitoring: { kind: 'None' },
      problems: {},
      statusChangedOn: d.effectiveDate,
      lastChangeOn: d.effectiveDate,
    };
    return d.registeredPoor ? { status: 'Poor', facts } : { status: 'NonPoor', facts };
  }
  if (state.status === 'Unregistered') return state;
  const facts = evolveFacts(state.facts, event);
  const on = event.data.effectiveDate;
  switch (event.type) {
    case 'PovertyExited':
      return {
        status: 'Exited',
        facts: { ...facts, statusChangedOn: on },
        exitYear: event.data.year,
      };
    case 'ReturnedToPoverty': {
      // A household that returned to poverty is no longer an unstable *exited* household: that
      // monitoring (or its elimination) ends with the return.
      const ends =
        facts.monitoring.kind !== 'None' && facts.monitoring.category === 'UNSTABLE_EXITED';
      return {
        status: 'Poor',
        facts: {
          ...facts,
          statusChangedOn: on,
          ...(ends && { monitoring: { kind: 'None' as const }, monitoringChangedOn: on }),
        },
      };
    }
    case 'HouseholdDeregistered':
      return {
        status: 'Deregistered',
        facts: { ...facts, statusChangedOn: on },
        reason: event.data.reason,
      };
    default:
      return { ...state, facts };
  }
}

function evolveFacts(facts: HouseholdFacts, event: HouseholdEvent): HouseholdFacts {
  const on = event.data.effectiveDate;
  const next: HouseholdFacts = { ...facts, lastChangeOn: maxDate(facts.lastChangeOn, on)! };
  switch (event.type) {
    case 'MemberAdded':
      return {
        ...next,
        members: {
          ...facts.members,
          [event.data.member.idNumber]: { ...event.data.member, since: on },
        },
      };
    case 'MemberRemoved': {
      const members = { ...facts.members };
      delete members[event.data.idNumber];
      const newHead = event.data.newHeadIdNumber;
      if (newHead && members[newHead]) members[newHead] = { ...members[newHead], relation: 'HEAD' };
      return { ...next, members };
    }
    case 'IncomeAssessed':
      return {
        ...next,
        assessments: [
          ...facts.assessments,
          { year: event.data.year, fen: event.data.perCapitaNetIncomeFen, on },
        ],
      };
    case 'EdgeHouseholdFlagged':
      return { ...next, edge: true, edgeChangedOn: on };
    case 'EdgeHouseholdCleared':
      return { ...next, edge: false, edgeChangedOn: on };
    case 'MonitoringStarted':
      return {
        ...next,
        monitoring: { kind: 'Monitored', category: event.data.category, since: on },
        monitoringChangedOn: on,
      };
    case 'RiskEliminated':
      if (facts.monitoring.kind !== 'Monitored') return next;
      return {
        ...next,
        monitoring: { ...facts.monitoring, kind: 'Eliminated', on },
        monitoringChangedOn: on,
      };
    case 'MonitoringReopened':
      if (facts.monitoring.kind === 'None') return next;
      // A re-opened monitoring period counts its minimum duration afresh.
      return {
        ...next,
        monitoring: { kind: 'Monitored', category: facts.monitoring.category, since: on },
        monitoringChangedOn: on,
      };
    case 'AssistanceRecorded':
      return { ...next, assistanceDates: [...facts.assistanceDates, on] };
    case 'ProblemRecorded':
      return {
        ...next,
        problems: {
          ...facts.problems,
          [event.data.problemId]: { foundOn: on, deadline: event.data.deadline },
        },
      };
    case 'ProblemRectified': {
      const problem = facts.problems[event.data.problemId];
      if (!problem) return next;
      return {
        ...next,
        problems: { ...facts.problems, [event.data.problemId]: { ...problem, rectifiedOn: on } },
      };
    }
    case 'HouseholdDeregistered':
      // Deregistration ends the edge flag and any monitoring with it.
      return {
        ...next,
        edge: false,
        edgeChangedOn: facts.edge ? on : facts.edgeChangedOn,
        monitoring: { kind: 'None' },
        monitoringChangedOn: facts.monitoring.kind === 'None' ? facts.monitoringChangedOn : on,
      };
    default:
      return next;
  }
}
