import type { IsoDate } from './dates.js';
import type { Sex } from './resident-id.js';
import type {
  AssistanceCategory,
  DeregistrationReason,
  Health,
  LaborAbility,
  MemberChangeReason,
  MonitoringCategory,
  PovertyCause,
  ProblemCategory,
  Relation,
  RiskFactor,
  VisitPurpose,
} from './vocabulary.js';

/** A member as recorded: sex and birth date are taken from the resident ID. */
export interface Member {
  name: string;
  idNumber: string;
  relation: Relation;
  sex: Sex;
  birthDate: IsoDate;
  health?: Health;
  laborAbility?: LaborAbility;
  inSchool?: boolean;
}

export interface BasicNeedsChecklist {
  foodAndClothing: boolean;
  education: boolean;
  medical: boolean;
  housing: boolean;
  drinkingWater: boolean;
}

/**
 * The stored contract. `type` strings and data shapes are persisted forever: change a shape only
 * with a new schemaVersion (HOUSEHOLD_EVENT_SCHEMA_VERSIONS) and an upcast from the old one
 * (upcast.ts).
 */
export type HouseholdEvent =
  | {
      type: 'HouseholdRegistered';
      data: {
        householdId: string;
        areaCode: string;
        address?: string;
        registeredPoor: boolean;
        identifiedYear?: number;
        povertyCauses: PovertyCause[];
        members: Member[];
        effectiveDate: IsoDate;
      };
    }
  | {
      type: 'MemberAdded';
      data: { member: Member; reason: MemberChangeReason; effectiveDate: IsoDate };
    }
  | {
      type: 'MemberRemoved';
      data: {
        idNumber: string;
        reason: MemberChangeReason;
        effectiveDate: IsoDate;
        /** Set when the head leaves: the remaining member who becomes head. */
        newHeadIdNumber?: string;
      };
    }
  | {
      type: 'IncomeAssessed';
      data: { year: number; perCapitaNetIncomeFen: number; effectiveDate: IsoDate };
    }
  | {
      type: 'PovertyExited';
      data: { year: number; checklist: BasicNeedsChecklist; effectiveDate: IsoDate };
    }
  | { type: 'ReturnedToPoverty'; data: { effectiveDate: IsoDate; reason: string } }
  | { type: 'EdgeHouseholdFlagged'; data: { effectiveDate: IsoDate; reason?: string } }
  | { type: 'EdgeHouseholdCleared'; data: { effectiveDate: IsoDate; reason?: string } }
  | {
      type: 'MonitoringStarted';
      data: { category: MonitoringCategory; riskFactors: RiskFactor[]; effectiveDate: IsoDate };
    }
  | { type: 'RiskEliminated'; data: { effectiveDate: IsoDate } }
  | { type: 'MonitoringReopened'; data: { effectiveDate: IsoDate; reason: string } }
  | {
      type: 'AssistanceRecorded';
      data: {
        assistanceId: string;
        category: AssistanceCategory;
        amountFen: number;
        peopleReached: number;
        effectiveDate: IsoDate;
        programme?: string;
      };
    }
  | {
      type: 'VisitLogged';
      data: {
        visitId: string;
        effectiveDate: IsoDate;
        cadre: string;
        purpose: VisitPurpose;
        notes?: string;
        perCapitaIncomeCheckFen?: number;
      };
    }
  | {
      type: 'ProblemRecorded';
      data: {
        problemId: string;
        visitId: string;
        /** Since schemaVersion 2; a version-1 problem reads as OTHER. */
        category: ProblemCategory;
        description: string;
        effectiveDate: IsoDate;
        deadline: IsoDate;
      };
    }
  | {
      type: 'ProblemRectified';
      data: { problemId: string; effectiveDate: IsoDate; measures: string };
    }
  | {
      type: 'HouseholdDeregistered';
      data: { effectiveDate: IsoDate; reason: DeregistrationReason; note?: string };
    };

export type HouseholdEventType = HouseholdEvent['type'];
export type EventOf<T extends HouseholdEventType> = Extract<HouseholdEvent, { type: T }>;

/** Every event type, once: leaving a member of the union out fails `tsc`. */
const EVENT_TYPES = {
  HouseholdRegistered: true,
  MemberAdded: true,
  MemberRemoved: true,
  IncomeAssessed: true,
  PovertyExited: true,
  ReturnedToPoverty: true,
  EdgeHouseholdFlagged: true,
  EdgeHouseholdCleared: true,
  MonitoringStarted: true,
  RiskEliminated: true,
  MonitoringReopened: true,
  AssistanceRecorded: true,
  VisitLogged: true,
  ProblemRecorded: true,
  ProblemRectified: true,
  HouseholdDeregistered: true,
} as const satisfies Record<HouseholdEventType, true>;

export const HOUSEHOLD_EVENT_TYPES = Object.keys(EVENT_TYPES) as readonly HouseholdEventType[];

export function isHouseholdEventType(type: string): type is HouseholdEventType {
  return Object.hasOwn(EVENT_TYPES, type);
}

/**
 * The schemaVersion this code writes for each type, and the newest it can read. Raise one with a
 * change of that type's data shape; upcast.ts must then lift every older version to it.
 */
export const HOUSEHOLD_EVENT_SCHEMA_VERSIONS = {
  HouseholdRegistered: 1,
  MemberAdded: 1,
  MemberRemoved: 1,
  IncomeAssessed: 1,
  PovertyExited: 1,
  ReturnedToPoverty: 1,
  EdgeHouseholdFlagged: 1,
  EdgeHouseholdCleared: 1,
  MonitoringStarted: 1,
  RiskEliminated: 1,
  MonitoringReopened: 1,
  AssistanceRecorded: 1,
  VisitLogged: 1,
  // 2: problems have a category.
  ProblemRecorded: 2,
  ProblemRectified: 1,
  HouseholdDeregistered: 1,
} as const satisfies Record<HouseholdEventType, number>;

export const HOUSEHOLD_STREAM_PREFIX = 'household-';
export const householdStream = (householdId: string): string =>
  `${HOUSEHOLD_STREAM_PREFIX}${householdId}`;
