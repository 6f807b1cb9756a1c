import { maxDate, type IsoDate } from './dates.js';
import type { EventOf, HouseholdEvent, HouseholdEventType, Member } from './events.js';
import type { DeregistrationReason, MonitoringCategory, ProblemCategory } from './vocabulary.js';

export type Monitoring =
  | { kind: 'None' }
  | { kind: 'Monitored'; category: MonitoringCategory; since: IsoDate }
  | { kind: 'Eliminated'; category: MonitoringCategory; since: IsoDate; on: IsoDate };

export interface ActiveMember extends Member {
  since: IsoDate;
}

export interface ProblemFacts {
  category: ProblemCategory;
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
/** A household that takes commands: registered and not deregistered. */
export type ActiveState = Exclude<RegisteredState, { status: 'Deregistered' }>;

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
  if (event.type === 'HouseholdRegistered') return registered(event.data);
  if (state.status === 'Unregistered') return state;
  const on = event.data.effectiveDate;
  const next = withFacts(state, { lastChangeOn: maxDate(state.facts.lastChangeOn, on)! });
  // The map's type pairs each event type with the handler of that type's data.
  const handler = ON_REGISTERED[event.type] as Handler<LaterEventType>;
  return handler(next, event.data);
}

function registered(d: EventOf<'HouseholdRegistered'>['data']): HouseholdState {
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

type LaterEventType = Exclude<HouseholdEventType, 'HouseholdRegistered'>;

/** What an event does to a registered household whose lastChangeOn already includes it. */
type Handler<T extends LaterEventType> = (
  state: RegisteredState,
  data: EventOf<T>['data'],
) => RegisteredState;

/** The same status, with some facts changed. */
function withFacts(state: RegisteredState, changes: Partial<HouseholdFacts>): RegisteredState {
  return { ...state, facts: { ...state.facts, ...changes } };
}

/** Every event after registration: a new event type left out fails `tsc`. */
const ON_REGISTERED: { readonly [T in LaterEventType]: Handler<T> } = {
  MemberAdded: (s, d) =>
    withFacts(s, {
      members: { ...s.facts.members, [d.member.idNumber]: { ...d.member, since: d.effectiveDate } },
    }),
  MemberRemoved: (s, d) => {
    const members = { ...s.facts.members };
    delete members[d.idNumber];
    const newHead = d.newHeadIdNumber;
    if (newHead && members[newHead]) members[newHead] = { ...members[newHead], relation: 'HEAD' };
    return withFacts(s, { members });
  },
  IncomeAssessed: (s, d) =>
    withFacts(s, {
      assessments: [
        ...s.facts.assessments,
        { year: d.year, fen: d.perCapitaNetIncomeFen, on: d.effectiveDate },
      ],
    }),
  PovertyExited: (s, d) => ({
    status: 'Exited',
    facts: { ...s.facts, statusChangedOn: d.effectiveDate },
    exitYear: d.year,
  }),
  ReturnedToPoverty: (s, d) => {
    const on = d.effectiveDate;
    // A household that returned to poverty is no longer an unstable *exited* household: that
    // monitoring (or its elimination) ends with the return.
    const monitoring = s.facts.monitoring;
    const ends = monitoring.kind !== 'None' && monitoring.category === 'UNSTABLE_EXITED';
    return {
      status: 'Poor',
      facts: {
        ...s.facts,
        statusChangedOn: on,
        ...(ends && { monitoring: { kind: 'None' as const }, monitoringChangedOn: on }),
      },
    };
  },
  EdgeHouseholdFlagged: (s, d) => withFacts(s, { edge: true, edgeChangedOn: d.effectiveDate }),
  EdgeHouseholdCleared: (s, d) => withFacts(s, { edge: false, edgeChangedOn: d.effectiveDate }),
  MonitoringStarted: (s, d) =>
    withFacts(s, {
      monitoring: { kind: 'Monitored', category: d.category, since: d.effectiveDate },
      monitoringChangedOn: d.effectiveDate,
    }),
  RiskEliminated: (s, d) => {
    const monitoring = s.facts.monitoring;
    if (monitoring.kind !== 'Monitored') return s;
    return withFacts(s, {
      monitoring: { ...monitoring, kind: 'Eliminated', on: d.effectiveDate },
      monitoringChangedOn: d.effectiveDate,
    });
  },
  MonitoringReopened: (s, d) => {
    const monitoring = s.facts.monitoring;
    if (monitoring.kind === 'None') return s;
    // A re-opened monitoring period counts its minimum duration afresh.
    return withFacts(s, {
      monitoring: { kind: 'Monitored', category: monitoring.category, since: d.effectiveDate },
      monitoringChangedOn: d.effectiveDate,
    });
  },
  AssistanceRecorded: (s, d) =>
    withFacts(s, { assistanceDates: [...s.facts.assistanceDates, d.effectiveDate] }),
  VisitLogged: (s) => s,
  ProblemRecorded: (s, d) =>
    withFacts(s, {
      problems: {
        ...s.facts.problems,
        [d.problemId]: { category: d.category, foundOn: d.effectiveDate, deadline: d.deadline },
      },
    }),
  ProblemRectified: (s, d) => {
    const problem = s.facts.problems[d.problemId];
    if (!problem) return s;
    return withFacts(s, {
      problems: {
        ...s.facts.problems,
        [d.problemId]: { ...problem, rectifiedOn: d.effectiveDate },
      },
    });
  },
  HouseholdDeregistered: (s, d) => {
    const on = d.effectiveDate;
    const facts = s.facts;
    // Deregistration ends the edge flag and any monitoring with it.
    return {
      status: 'Deregistered',
      facts: {
        ...facts,
        edge: false,
        edgeChangedOn: facts.edge ? on : facts.edgeChangedOn,
        monitoring: { kind: 'None' },
        monitoringChangedOn: facts.monitoring.kind === 'None' ? facts.monitoringChangedOn : on,
        statusChangedOn: on,
      },
      reason: d.reason,
    };
  },
};
