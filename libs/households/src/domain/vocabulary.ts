/** Closed vocabularies of the domain. Codes are English; Chinese labels live at the edges. */

export const RELATIONS = [
  'HEAD',
  'SPOUSE',
  'CHILD',
  'PARENT',
  'GRANDCHILD',
  'SIBLING',
  'OTHER',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const HEALTH_STATES = ['HEALTHY', 'CHRONIC_ILLNESS', 'SERIOUS_ILLNESS', 'DISABLED'] as const;
export type Health = (typeof HEALTH_STATES)[number];

export const LABOR_ABILITIES = ['FULL', 'PARTIAL', 'NONE'] as const;
export type LaborAbility = (typeof LABOR_ABILITIES)[number];

export const MEMBER_CHANGE_REASONS = [
  'BIRTH',
  'DEATH',
  'MARRIAGE_IN',
  'MARRIAGE_OUT',
  'MOVED',
  'SPLIT',
  'CORRECTION',
] as const;
export type MemberChangeReason = (typeof MEMBER_CHANGE_REASONS)[number];
export const ADD_REASONS: readonly MemberChangeReason[] = [
  'BIRTH',
  'MARRIAGE_IN',
  'MOVED',
  'SPLIT',
  'CORRECTION',
];
export const REMOVE_REASONS: readonly MemberChangeReason[] = [
  'DEATH',
  'MARRIAGE_OUT',
  'MOVED',
  'SPLIT',
  'CORRECTION',
];

export const POVERTY_CAUSES = [
  'ILLNESS',
  'DISABILITY',
  'SCHOOLING',
  'DISASTER',
  'LACK_OF_LAND',
  'LACK_OF_WATER',
  'LACK_OF_SKILLS',
  'LACK_OF_LABOUR',
  'LACK_OF_FUNDS',
  'POOR_TRANSPORT',
  'LACK_OF_MOTIVATION',
  'OTHER',
] as const;
export type PovertyCause = (typeof POVERTY_CAUSES)[number];

export const MONITORING_CATEGORIES = ['UNSTABLE_EXITED', 'EDGE_PRONE', 'SUDDEN_HARDSHIP'] as const;
export type MonitoringCategory = (typeof MONITORING_CATEGORIES)[number];

export const RISK_FACTORS = [
  'ILLNESS',
  'DISABILITY',
  'SCHOOLING',
  'DISASTER',
  'ACCIDENT',
  'INDUSTRY_FAILURE',
  'UNSTABLE_EMPLOYMENT',
  'LACK_OF_LABOUR',
  'OTHER',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const ASSISTANCE_CATEGORIES = [
  'INDUSTRY',
  'EMPLOYMENT',
  'MICRO_CREDIT',
  'EDUCATION',
  'HEALTH',
  'BOTTOM_LINE_SECURITY',
  'DISABILITY_SUBSIDY',
  'HOUSING_RENOVATION',
  'RELOCATION_FOLLOW_UP',
  'DRINKING_WATER',
  'CONSUMPTION',
  'SOCIAL',
] as const;
export type AssistanceCategory = (typeof ASSISTANCE_CATEGORIES)[number];

/** What a problem found on a visit concerns. */
export const PROBLEM_CATEGORIES = [
  'DRINKING_WATER',
  'HOUSING',
  'EDUCATION',
  'MEDICAL',
  'INCOME',
  'OTHER',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const VISIT_PURPOSES = ['ROUTINE', 'REVIEW', 'VERIFICATION'] as const;
export type VisitPurpose = (typeof VISIT_PURPOSES)[number];

export const DEREGISTRATION_REASONS = ['WRONGLY_REGISTERED', 'HOUSEHOLD_GONE', 'OTHER'] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];

export const HOUSEHOLD_STATUSES = ['POOR', 'EXITED', 'NON_POOR', 'DEREGISTERED'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];
