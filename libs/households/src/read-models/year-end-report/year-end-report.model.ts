import type {
  AssistanceCategory,
  DeregistrationReason,
  IsoDate,
  MonitoringCategory,
  VisitPurpose,
} from '../../domain/index.js';
import type { Statistics } from '../statistics/statistics.types.js';

/** The data of a year-end report, before GraphQL: computed by the query, read by text and diff. */

export interface Count {
  households: number;
  people: number;
}

export interface CategoryCount<C extends string> extends Count {
  category: C;
  label: string;
}

export interface ReasonCount extends Count {
  reason: DeregistrationReason;
  label: string;
}

export interface Flows {
  /** Registered as poor households in the year (新识别). */
  identified: Count;
  registeredNonPoor: Count;
  exited: Count;
  returnedToPoverty: Count;
  deregistered: ReasonCount[];
  edgeFlagged: Count;
  edgeCleared: Count;
  monitoringStarted: CategoryCount<MonitoringCategory>[];
  riskEliminated: CategoryCount<MonitoringCategory>[];
  monitoringReopened: CategoryCount<MonitoringCategory>[];
  /** Households whose monitoring ended in the year other than by risk elimination (deregistered). */
  monitoringEndedOtherwise: number;
}

export interface AssistanceLine {
  category: AssistanceCategory;
  label: string;
  /** Fen, exact. */
  amount: bigint;
  /** 万元 with two decimals, as printed. */
  amountWanYuan: string;
  peopleReached: number;
  households: number;
}

export interface VisitLine {
  purpose: VisitPurpose;
  label: string;
  visits: number;
  households: number;
}

export interface ReviewCampaign {
  /** Distinct households visited for the review while registered poor (poor or exited). */
  registeredHouseholds: number;
  /** Distinct households visited for the review while not registered poor. */
  nonRegisteredHouseholds: number;
  problemsFound: number;
  problemsRectified: number;
  /** Latest rectification date of those problems, when all are rectified. */
  allRectifiedBy: IsoDate | null;
}

export interface ProblemFigures {
  found: number;
  rectified: number;
  /** Of those rectified in the year: rectified on or before their deadline. */
  rectifiedByDeadline: number;
  open: number;
  overdue: number;
}

export interface TownshipLine {
  areaCode: string;
  name: string | null;
  registered: Count;
  exited: Count;
  remaining: Count;
  edge: Count;
  monitoredHouseholds: number;
  riskEliminatedHouseholds: number;
  exitedInYear: Count;
  assistanceAmount: bigint;
  assistanceAmountWanYuan: string;
  visits: number;
  problemsFound: number;
  problemsRectified: number;
}

export interface RestatedFigure {
  /** A stable path such as `stock.registeredPeople` or `townships[431023100].exited.households`. */
  figure: string;
  label: string;
  published: string;
  current: string;
}

export interface YearEndReportData {
  year: number;
  areaCode: string | null;
  areaName: string | null;
  asOf: IsoDate;
  /** The global position the figures are computed at. */
  position: number;
  /** Set when the report was regenerated as known at an earlier position. */
  knownAt: number | null;
  generatedAt: string;
  /** The monitoring line of the year (fen), from the policy parameters. */
  monitoringLineFen: number | null;
  stock: Statistics;
  startOfYear: { registered: Count; exited: Count; remaining: Count };
  flows: Flows;
  assistance: AssistanceLine[];
  visits: { total: number; households: number; byPurpose: VisitLine[] };
  review: ReviewCampaign;
  problems: ProblemFigures;
  townships: TownshipLine[];
}
