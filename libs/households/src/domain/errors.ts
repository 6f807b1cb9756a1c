/** A rule violation. `code` is the stable contract; `message` is for the cadre, in Chinese. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export type DomainErrorCode =
  | 'HOUSEHOLD_ALREADY_REGISTERED'
  | 'HOUSEHOLD_NOT_FOUND'
  | 'HOUSEHOLD_DEREGISTERED'
  | 'INVALID_AREA_CODE'
  | 'INVALID_RESIDENT_ID'
  | 'RESIDENT_ID_SEX_MISMATCH'
  | 'DUPLICATE_MEMBER'
  | 'MEMBER_IN_OTHER_HOUSEHOLD'
  | 'MEMBER_NOT_FOUND'
  | 'HEAD_REQUIRED'
  | 'MULTIPLE_HEADS'
  | 'LAST_MEMBER'
  | 'INVALID_MEMBER_CHANGE_REASON'
  | 'MISSING_IDENTIFIED_YEAR'
  | 'INVALID_YEAR'
  | 'NO_POLICY_FOR_YEAR'
  | 'FUTURE_DATE'
  | 'DATE_BEFORE_PREVIOUS_CHANGE'
  | 'NEGATIVE_AMOUNT'
  | 'INVALID_INPUT'
  | 'NOT_REGISTERED_POOR'
  | 'ALREADY_EXITED'
  | 'NOT_EXITED'
  | 'EXIT_YEAR_MISMATCH'
  | 'INCOME_NOT_ASSESSED'
  | 'INCOME_BELOW_POVERTY_LINE'
  | 'CHECKLIST_INCOMPLETE'
  | 'EDGE_REQUIRES_NON_POOR'
  | 'ALREADY_EDGE'
  | 'NOT_EDGE'
  | 'MONITORING_CATEGORY_MISMATCH'
  | 'ALREADY_MONITORED'
  | 'NOT_MONITORED'
  | 'NOT_RISK_ELIMINATED'
  | 'MONITORING_TOO_SHORT'
  | 'NO_ASSISTANCE_SINCE_MONITORING'
  | 'INCOME_BELOW_MONITORING_LINE'
  | 'NO_WORKING_AGE_LABOUR'
  | 'PROBLEM_NOT_FOUND'
  | 'PROBLEM_ALREADY_RECTIFIED';

export function fail(
  code: DomainErrorCode,
  message: string,
  details?: Record<string, unknown>,
): never {
  throw new DomainError(code, message, details);
}
