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
 * The stored contract. `type` strings and data shapes are persisted forever: change them only
 * with a new schemaVersion and an upcaster.
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

export const HOUSEHOLD_EVENT_TYPES: readonly HouseholdEventType[] = [
  'HouseholdRegistered',
  'MemberAdded',
  'MemberRemoved',
  'IncomeAssessed',
  'PovertyExited',
  'ReturnedToPoverty',
  'EdgeHouseholdFlagged',
  'EdgeHouseholdCleared',
  'MonitoringStarted',
  'RiskEliminated',
  'MonitoringReopened',
  'AssistanceRecorded',
  'VisitLogged',
  'ProblemRecorded',
  'ProblemRectified',
  'HouseholdDeregistered',
];

export const HOUSEHOLD_STREAM_PREFIX = 'household-';
export const householdStream = (householdId: string): string =>
  `${HOUSEHOLD_STREAM_PREFIX}${householdId}`;
