/** Checks that several commands share. Each fails with a DomainError or returns what it checked. */
import { isIsoDate, type IsoDate } from './dates.js';
import type { DecisionContext } from './decision-context.js';
import { fail } from './errors.js';
import type { ActiveState, HouseholdState } from './household-state.js';
import { policyFor, type YearPolicy } from './policy.js';

/** Every command but registration needs a household that is registered and not deregistered. */
export function requireActive(state: HouseholdState): ActiveState {
  if (state.status === 'Unregistered') fail('HOUSEHOLD_NOT_FOUND', '没有找到该户，请先登记');
  if (state.status === 'Deregistered') {
    fail('HOUSEHOLD_DEREGISTERED', '该户已注销，不能再记录任何事项');
  }
  return state;
}

/** An effective date must be a real date, not in the future, and not before `earliest`. */
export function requireEffectiveDate(
  date: IsoDate,
  ctx: DecisionContext,
  earliest?: IsoDate,
  earliestLabel?: string,
): void {
  if (!isIsoDate(date)) fail('INVALID_INPUT', `日期 ${date} 无效，格式应为 YYYY-MM-DD`);
  if (date > ctx.today)
    fail('FUTURE_DATE', `日期 ${date} 晚于今天（${ctx.today}），不能登记未来的事项`);
  if (earliest && date < earliest) {
    fail(
      'DATE_BEFORE_PREVIOUS_CHANGE',
      `日期 ${date} 早于${earliestLabel ?? '上次变更日期'}（${earliest}）`,
      {
        earliest,
      },
    );
  }
}

/** The policy book's parameters for the year. */
export function requirePolicy(ctx: DecisionContext, year: number): YearPolicy {
  const policy = policyFor(ctx.policy, year);
  if (!policy) fail('NO_POLICY_FOR_YEAR', `政策参数文件中没有 ${year} 年的标准`, { year });
  return policy;
}

/** A non-negative amount of whole fen. */
export function requireFen(fen: number, label: string): void {
  if (!Number.isSafeInteger(fen)) fail('INVALID_INPUT', `${label}必须精确到分`);
  if (fen < 0) fail('NEGATIVE_AMOUNT', `${label}不能为负数`);
}

/** A non-negative whole number. */
export function requireCount(n: number, label: string): void {
  if (!Number.isSafeInteger(n) || n < 0) fail('INVALID_INPUT', `${label}必须是非负整数`);
}

/** A text that is not blank, returned trimmed. */
export function requireText(value: string, label: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) fail('INVALID_INPUT', `${label}不能为空`);
  return trimmed;
}

/** A code of a closed vocabulary. */
export function requireOneOf(value: string, allowed: readonly string[], label: string): void {
  if (!allowed.includes(value)) fail('INVALID_INPUT', `未知的${label}：${value}`);
}
