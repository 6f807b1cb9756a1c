import {
  fail,
  formatYuan,
  incomeFor,
  requireActive,
  requireEffectiveDate,
  requirePolicy,
  yearOf,
  type BasicNeedsChecklist,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { ExitPovertyCommand } from './exit-poverty.command.js';

const CHECKLIST_LABELS: Record<keyof BasicNeedsChecklist, string> = {
  foodAndClothing: '不愁吃不愁穿',
  education: '义务教育有保障',
  medical: '基本医疗有保障',
  housing: '住房安全有保障',
  drinkingWater: '饮水安全',
};

export function decideExitPoverty(
  state: HouseholdState,
  c: ExitPovertyCommand,
  ctx: DecisionContext,
): EventOf<'PovertyExited'>[] {
  const s = requireActive(state);
  if (s.status === 'Exited') fail('ALREADY_EXITED', '该户已脱贫，不能重复退出');
  if (s.status === 'NonPoor') fail('NOT_REGISTERED_POOR', '只有建档立卡贫困户才能办理脱贫退出');
  requireEffectiveDate(c.effectiveDate, ctx, s.facts.statusChangedOn, '上次状态变更日期');
  if (c.year !== yearOf(c.effectiveDate)) {
    fail('EXIT_YEAR_MISMATCH', `退出年度 ${c.year} 与退出日期 ${c.effectiveDate} 不在同一年`);
  }
  const policy = requirePolicy(ctx, c.year);
  const income = incomeFor(s.facts, c.year, c.effectiveDate);
  if (income === undefined) {
    fail(
      'INCOME_NOT_ASSESSED',
      `退出前（${c.effectiveDate} 及以前）须先核定该户 ${c.year} 年人均纯收入`,
    );
  }
  if (income < policy.povertyLineFen) {
    fail(
      'INCOME_BELOW_POVERTY_LINE',
      `${c.year} 年人均纯收入 ${formatYuan(income)} 元低于当年贫困线 ${formatYuan(policy.povertyLineFen)} 元，不能退出`,
      { incomeFen: income, povertyLineFen: policy.povertyLineFen },
    );
  }
  const unmet = (Object.keys(CHECKLIST_LABELS) as (keyof BasicNeedsChecklist)[]).filter(
    (k) => c.checklist[k] !== true,
  );
  if (unmet.length > 0) {
    fail(
      'CHECKLIST_INCOMPLETE',
      `“两不愁三保障”及饮水安全未全部达标：${unmet.map((k) => CHECKLIST_LABELS[k]).join('、')}`,
      {
        unmet,
      },
    );
  }
  return [
    {
      type: 'PovertyExited',
      data: { year: c.year, checklist: { ...c.checklist }, effectiveDate: c.effectiveDate },
    },
  ];
}
