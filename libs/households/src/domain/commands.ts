import type { IsoDate } from './dates.js';
import type { BasicNeedsChecklist } from './events.js';
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

/** A member as a cadre enters it; sex is optional and must agree with the resident ID. */
export interface MemberInput {
  name: string;
  idNumber: string;
  relation: Relation;
  sex?: Sex;
  health?: Health;
  laborAbility?: LaborAbility;
  inSchool?: boolean;
}

export interface ProblemInput {
  description: string;
  deadline: IsoDate;
}

export type HouseholdCommand =
  | {
      type: 'RegisterHousehold';
      householdId: string;
      areaCode: string;
      address?: string;
      registeredPoor: boolean;
      identifiedYear?: number;
      povertyCauses?: PovertyCause[];
      effectiveDate: IsoDate;
      members: MemberInput[];
    }
  | {
      type: 'AddMember';
      member: MemberInput;
      reason: MemberChangeReason;
      effectiveDate: IsoDate;
    }
  | {
      type: 'RemoveMember';
      idNumber: string;
      reason: MemberChangeReason;
      effectiveDate: IsoDate;
      newHeadIdNumber?: string;
    }
  | {
      type: 'RecordIncomeAssessment';
      year: number;
      perCapitaNetIncomeFen: number;
      effectiveDate: IsoDate;
    }
  | { type: 'ExitPoverty'; year: number; effectiveDate: IsoDate; checklist: BasicNeedsChecklist }
  | { type: 'ReturnToPoverty'; effectiveDate: IsoDate; reason: string }
  | { type: 'FlagEdgeHousehold'; effectiveDate: IsoDate; reason?: string }
  | { type: 'ClearEdgeHousehold'; effectiveDate: IsoDate; reason?: string }
  | {
      type: 'StartMonitoring';
      category: MonitoringCategory;
      riskFactors: RiskFactor[];
      effectiveDate: IsoDate;
    }
  | { type: 'EliminateRisk'; effectiveDate: IsoDate }
  | { type: 'ReopenMonitoring'; effectiveDate: IsoDate; reason: string }
  | {
      type: 'RecordAssistance';
      category: AssistanceCategory;
      amountFen: number;
      peopleReached: number;
      date: IsoDate;
      programme?: string;
    }
  | {
      type: 'LogVisit';
      date: IsoDate;
      cadre: string;
      purpose: VisitPurpose;
      notes?: string;
      perCapitaIncomeCheckFen?: number;
      problems?: ProblemInput[];
    }
  | { type: 'RectifyProblem'; problemId: string; date: IsoDate; measures: string }
  | {
      type: 'DeregisterHousehold';
      effectiveDate: IsoDate;
      reason: DeregistrationReason;
      note?: string;
    };

export type HouseholdCommandType = HouseholdCommand['type'];
