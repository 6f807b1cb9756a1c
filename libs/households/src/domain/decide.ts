import { addMonths, isIsoDate, maxDate, yearOf, type IsoDate } from './dates.js';
import { isVillageCode } from './area-code.js';
import type { HouseholdCommand, MemberInput } from './commands.js';
import { fail } from './errors.js';
import { formatYuan } from './money.js';
import type { BasicNeedsChecklist, HouseholdEvent, Member } from './events.js';
import {
  incomeFor,
  latestIncome,
  type HouseholdFacts,
  type HouseholdState,
  type RegisteredState,
} from './household.js';
import { policyFor, type PolicyBook, type YearPolicy } from './policy.js';
import { checkResidentId } from './resident-id.js';
import {
  ADD_REASONS,
  ASSISTANCE_CATEGORIES,
  DEREGISTRATION_REASONS,
  HEALTH_STATES,
  LABOR_ABILITIES,
  MONITORING_CATEGORIES,
  POVERTY_CAUSES,
  RELATIONS,
  REMOVE_REASONS,
  RISK_FACTORS,
  VISIT_PURPOSES,
  type MonitoringCategory,
} from './vocabulary.js';

/** Everything a decision needs from outside the stream, passed in so deciding stays pure. */
export interface DecisionContext {
  /** Today in the county's time zone; effective dates may not lie after it. */
  today: IsoDate;
  policy: PolicyBook;
  /** Fresh ids for new visits, problems and assistance records. */
  newId: () => string;
  /**
   * Resident ID → household in which that person is currently an active member, for the IDs the
   * command names, read from the member index projection. The rule "one person, one household"
   * spans streams, so it is checked against this projection, not enforced by the stream: two
   * commands that add the same person to two households at the same instant can both pass before
   * either is projected. The command handler serialises such commands within a process (the
   * embedded deployment has one), holding a lock per resident ID until the read models include
   * the append. Several API processes on one store could still both pass: the member index then
   * simply holds the person in both households (it is not a unique index, so the projection
   * never fails), and a removal with reason CORRECTION repairs it.
   */
  memberships: ReadonlyMap<string, string>;
  /**
   * Resident ID → the latest date the person left a household (any household, this one too),
   * from the same projection: a membership may not start before the previous one ended, or the
   * person would be counted twice for the days in between.
   */
  membershipEnds?: ReadonlyMap<string, IsoDate>;
}

export function decide(
  state: HouseholdState,
  command: HouseholdCommand,
  ctx: DecisionContext,
): HouseholdEvent[] {
  switch (command.type) {
    case 'RegisterHousehold':
      return register(state, command, ctx);
    case 'AddMember':
      return addMember(active(state), command, ctx);
    case 'RemoveMember':
      return removeMember(active(state), command, ctx);
    case 'RecordIncomeAssessment':
      return recordIncome(active(state), command, ctx);
    case 'ExitPoverty':
      return exitPoverty(active(state), command, ctx);
    case 'ReturnToPoverty':
      return returnToPoverty(active(state), command, ctx);
    case 'FlagEdgeHousehold':
      return flagEdge(active(state), command, ctx);
    case 'ClearEdgeHousehold':
      return clearEdge(active(state), command, ctx);
    case 'StartMonitoring':
      return startMonitoring(active(state), command, ctx);
    case 'EliminateRisk':
      return eliminateRisk(active(state), command, ctx);
    case 'ReopenMonitoring':
      return reopenMonitoring(active(state), command, ctx);
    case 'RecordAssistance':
      return recordAssistance(active(state), command, ctx);
    case 'LogVisit':
      return logVisit(active(state), command, ctx);
    case 'RectifyProblem':
      return rectifyProblem(active(state), command, ctx);
    case 'DeregisterHousehold':
      return deregister(active(state), command, ctx);
    default:
      return assertNever(command);
  }
}

type Cmd<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;
type ActiveState = Exclude<RegisteredState, { status: 'Deregistered' }>;

function register(
  state: HouseholdState,
  c: Cmd<'RegisterHousehold'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (state.status !== 'Unregistered') {
    fail('HOUSEHOLD_ALREADY_REGISTERED', `户 ${c.householdId} 已登记，不能重复登记`);
  }
  if (!isVillageCode(c.areaCode)) {
    fail('INVALID_AREA_CODE', `区划代码 ${c.areaCode} 不是12位村级统计用区划代码`, {
      areaCode: c.areaCode,
    });
  }
  effective(c.effectiveDate, ctx);
  if (c.registeredPoor) {
    if (c.identifiedYear === undefined) {
      fail('MISSING_IDENTIFIED_YEAR', '建档立卡贫困户必须填写识别年度');
    }
    if (c.identifiedYear < 2013 || c.identifiedYear > yearOf(c.effectiveDate)) {
      fail('INVALID_YEAR', `识别年度 ${c.identifiedYear} 应在2013年至登记日期所在年度之间`);
    }
  } else if (c.identifiedYear !== undefined || (c.povertyCauses?.length ?? 0) > 0) {
    fail('INVALID_INPUT', '非建档立卡户不填写识别年度和致贫原因');
  }
  for (const cause of c.povertyCauses ?? []) oneOf(cause, POVERTY_CAUSES, '致贫原因');
  if (c.members.length === 0) fail('HEAD_REQUIRED', '登记时至少要有一名家庭成员（户主）');
  const members = c.members.map((m) => validMember(m, c.effectiveDate));
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.idNumber)) fail('DUPLICATE_MEMBER', `身份证号 ${m.idNumber} 在成员中重复`);
    seen.add(m.idNumber);
    mayJoin(m.idNumber, c.householdId, c.effectiveDate, ctx);
  }
  const heads = members.filter((m) => m.relation === 'HEAD').length;
  if (heads === 0) fail('HEAD_REQUIRED', '家庭成员中必须有一名户主');
  if (heads > 1) fail('MULTIPLE_HEADS', '一户只能有一名户主');
  return [
    {
      type: 'HouseholdRegistered',
      data: {
        householdId: c.householdId,
        areaCode: c.areaCode,
        ...(c.address !== undefined && { address: c.address }),
        registeredPoor: c.registeredPoor,
        ...(c.identifiedYear !== undefined && { identifiedYear: c.identifiedYear }),
        povertyCauses: [...new Set(c.povertyCauses ?? [])],
        members,
        effectiveDate: c.effectiveDate,
      },
    },
  ];
}

function addMember(s: ActiveState, c: Cmd<'AddMember'>, ctx: DecisionContext): HouseholdEvent[] {
  if (!ADD_REASONS.includes(c.reason)) {
    fail(
      'INVALID_MEMBER_CHANGE_REASON',
      `“${c.reason}”不是增加成员的原因（出生、婚入、迁入、分户、更正）`,
    );
  }
  effective(c.effectiveDate, ctx, s.facts.registeredOn, '登记日期');
  const member = validMember(c.member, c.effectiveDate);
  if (s.facts.members[member.idNumber]) {
    fail('DUPLICATE_MEMBER', `身份证号 ${member.idNumber} 已是本户成员`);
  }
  if (member.relation === 'HEAD')
    fail('MULTIPLE_HEADS', '本户已有户主；更换户主请在户主减员时指定新户主');
  mayJoin(member.idNumber, s.facts.householdId, c.effectiveDate, ctx);
  return [
    { type: 'MemberAdded', data: { member, reason: c.reason, effectiveDate: c.effectiveDate } },
  ];
}

function removeMember(
  s: ActiveState,
  c: Cmd<'RemoveMember'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (!REMOVE_REASONS.includes(c.reason)) {
    fail(
      'INVALID_MEMBER_CHANGE_REASON',
      `“${c.reason}”不是减少成员的原因（死亡、婚出、迁出、分户、更正）`,
    );
  }
  const member = s.facts.members[c.idNumber];
  if (!member) fail('MEMBER_NOT_FOUND', `身份证号 ${c.idNumber} 不是本户现有成员`);
  effective(c.effectiveDate, ctx, member.since, '该成员加入日期');
  if (Object.keys(s.facts.members).length === 1) {
    fail('LAST_MEMBER', '不能减去最后一名成员；整户注销请使用“销户”');
  }
  if (member.relation === 'HEAD') {
    const next = c.newHeadIdNumber;
    if (!next || next === c.idNumber || !s.facts.members[next]) {
      fail('HEAD_REQUIRED', '户主减员时必须指定一名本户现有成员为新户主');
    }
  } else if (c.newHeadIdNumber !== undefined) {
    fail('INVALID_INPUT', '只有户主减员时才指定新户主');
  }
  return [
    {
      type: 'MemberRemoved',
      data: {
        idNumber: c.idNumber,
        reason: c.reason,
        effectiveDate: c.effectiveDate,
        ...(c.newHeadIdNumber !== undefined && { newHeadIdNumber: c.newHeadIdNumber }),
      },
    },
  ];
}

function recordIncome(
  s: ActiveState,
  c: Cmd<'RecordIncomeAssessment'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  effective(c.effectiveDate, ctx, s.facts.registeredOn, '登记日期');
  yearPolicy(ctx, c.year);
  if (c.year > yearOf(c.effectiveDate)) {
    fail('INVALID_YEAR', `不能在 ${c.effectiveDate} 核定 ${c.year} 年的收入`);
  }
  amount(c.perCapitaNetIncomeFen, '人均纯收入');
  return [
    {
      type: 'IncomeAssessed',
      data: {
        year: c.year,
        perCapitaNetIncomeFen: c.perCapitaNetIncomeFen,
        effectiveDate: c.effectiveDate,
      },
    },
  ];
}

const CHECKLIST_LABELS: Record<keyof BasicNeedsChecklist, string> = {
  foodAndClothing: '不愁吃不愁穿',
  education: '义务教育有保障',
  medical: '基本医疗有保障',
  housing: '住房安全有保障',
  drinkingWater: '饮水安全',
};

function exitPoverty(
  s: ActiveState,
  c: Cmd<'ExitPoverty'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (s.status === 'Exited') fail('ALREADY_EXITED', '该户已脱贫，不能重复退出');
  if (s.status === 'NonPoor') fail('NOT_REGISTERED_POOR', '只有建档立卡贫困户才能办理脱贫退出');
  effective(c.effectiveDate, ctx, s.facts.statusChangedOn, '上次状态变更日期');
  if (c.year !== yearOf(c.effectiveDate)) {
    fail('EXIT_YEAR_MISMATCH', `退出年度 ${c.year} 与退出日期 ${c.effectiveDate} 不在同一年`);
  }
  const policy = yearPolicy(ctx, c.year);
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
      `${c.year} 年人均纯收入 ${yuan(income)} 元低于当年贫困线 ${yuan(policy.povertyLineFen)} 元，不能退出`,
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

function returnToPoverty(
  s: ActiveState,
  c: Cmd<'ReturnToPoverty'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (s.status !== 'Exited') fail('NOT_EXITED', '只有已脱贫户才能登记返贫');
  // A return ends monitoring as an unstable exited household (see evolve), so it may not
  // precede that monitoring's last change either.
  const endsMonitoring =
    s.facts.monitoring.kind !== 'None' && s.facts.monitoring.category === 'UNSTABLE_EXITED';
  effective(
    c.effectiveDate,
    ctx,
    maxDate(s.facts.statusChangedOn, endsMonitoring ? s.facts.monitoringChangedOn : undefined),
    endsMonitoring ? '脱贫或监测变更日期' : '脱贫日期',
  );
  return [
    {
      type: 'ReturnedToPoverty',
      data: { effectiveDate: c.effectiveDate, reason: text(c.reason, '返贫原因') },
    },
  ];
}

function flagEdge(
  s: ActiveState,
  c: Cmd<'FlagEdgeHousehold'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (s.status !== 'NonPoor') fail('EDGE_REQUIRES_NON_POOR', '只有非建档立卡户才能标注为边缘户');
  if (s.facts.edge) fail('ALREADY_EDGE', '该户已是边缘户');
  effective(
    c.effectiveDate,
    ctx,
    maxDate(s.facts.registeredOn, s.facts.edgeChangedOn),
    '上次边缘户变更日期',
  );
  return [
    {
      type: 'EdgeHouseholdFlagged',
      data: { effectiveDate: c.effectiveDate, ...(c.reason !== undefined && { reason: c.reason }) },
    },
  ];
}

function clearEdge(
  s: ActiveState,
  c: Cmd<'ClearEdgeHousehold'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (!s.facts.edge) fail('NOT_EDGE', '该户不是边缘户');
  effective(c.effectiveDate, ctx, s.facts.edgeChangedOn, '标注边缘户日期');
  return [
    {
      type: 'EdgeHouseholdCleared',
      data: { effectiveDate: c.effectiveDate, ...(c.reason !== undefined && { reason: c.reason }) },
    },
  ];
}

const CATEGORY_FITS: Record<MonitoringCategory, (s: ActiveState) => boolean> = {
  UNSTABLE_EXITED: (s) => s.status === 'Exited',
  EDGE_PRONE: (s) => s.status === 'NonPoor',
  SUDDEN_HARDSHIP: () => true,
};

const CATEGORY_RULES: Record<MonitoringCategory, string> = {
  UNSTABLE_EXITED: '“脱贫不稳定户”只适用于已脱贫户',
  EDGE_PRONE: '“边缘易致贫户”只适用于非建档立卡户',
  SUDDEN_HARDSHIP: '',
};

function startMonitoring(
  s: ActiveState,
  c: Cmd<'StartMonitoring'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (s.facts.monitoring.kind === 'Monitored') fail('ALREADY_MONITORED', '该户已在监测中');
  if (!MONITORING_CATEGORIES.includes(c.category))
    fail('INVALID_INPUT', `未知监测类别 ${c.category}`);
  if (!CATEGORY_FITS[c.category](s))
    fail('MONITORING_CATEGORY_MISMATCH', CATEGORY_RULES[c.category]);
  const factors = [...new Set(c.riskFactors)];
  if (factors.length === 0) fail('INVALID_INPUT', '纳入监测须至少选择一项风险因素');
  for (const f of factors)
    if (!RISK_FACTORS.includes(f)) fail('INVALID_INPUT', `未知风险因素 ${f}`);
  effective(
    c.effectiveDate,
    ctx,
    maxDate(
      s.facts.registeredOn,
      s.facts.monitoringChangedOn,
      // The category was checked against the current status, so monitoring may not start
      // before that status began — except sudden hardship, which fits any status.
      c.category === 'SUDDEN_HARDSHIP' ? undefined : s.facts.statusChangedOn,
    ),
    '上次状态或监测变更日期',
  );
  return [
    {
      type: 'MonitoringStarted',
      data: { category: c.category, riskFactors: factors, effectiveDate: c.effectiveDate },
    },
  ];
}

function eliminateRisk(
  s: ActiveState,
  c: Cmd<'EliminateRisk'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  const monitoring = s.facts.monitoring;
  if (monitoring.kind !== 'Monitored') fail('NOT_MONITORED', '该户不在监测中，无需风险消除');
  effective(c.effectiveDate, ctx, monitoring.since, '纳入监测日期');
  const policy = yearPolicy(ctx, yearOf(c.effectiveDate));
  const earliest = addMonths(monitoring.since, policy.minMonitoringMonths);
  if (c.effectiveDate < earliest) {
    fail(
      'MONITORING_TOO_SHORT',
      `纳入监测（${monitoring.since}）未满 ${policy.minMonitoringMonths} 个月，最早可于 ${earliest} 标注风险消除`,
      { earliest },
    );
  }
  // Judged as of the elimination date: later assistance or assessments do not count.
  const assisted = s.facts.assistanceDates.some(
    (d) => d >= monitoring.since && d <= c.effectiveDate,
  );
  if (!assisted) {
    fail('NO_ASSISTANCE_SINCE_MONITORING', '纳入监测以来尚无帮扶措施记录，不能标注风险消除');
  }
  const income = latestIncome(s.facts, c.effectiveDate);
  if (!income) fail('INCOME_NOT_ASSESSED', '风险消除前须先核定该户人均纯收入');
  const line = yearPolicy(ctx, income.year).monitoringLineFen;
  if (income.fen < line) {
    fail(
      'INCOME_BELOW_MONITORING_LINE',
      `最近一次核定（${income.year} 年）人均纯收入 ${yuan(income.fen)} 元低于当年监测线 ${yuan(line)} 元`,
      { incomeFen: income.fen, monitoringLineFen: line },
    );
  }
  if (policy.requireLabourForElimination && !hasLabour(s.facts)) {
    fail('NO_WORKING_AGE_LABOUR', '该户无劳动力，按本省政策不标注风险消除');
  }
  return [{ type: 'RiskEliminated', data: { effectiveDate: c.effectiveDate } }];
}

function reopenMonitoring(
  s: ActiveState,
  c: Cmd<'ReopenMonitoring'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (s.facts.monitoring.kind !== 'Eliminated')
    fail('NOT_RISK_ELIMINATED', '该户未标注风险消除，无需回退');
  const category = s.facts.monitoring.category;
  if (!CATEGORY_FITS[category](s)) {
    fail('MONITORING_CATEGORY_MISMATCH', `${CATEGORY_RULES[category]}；请按现状重新纳入监测`);
  }
  effective(c.effectiveDate, ctx, s.facts.monitoring.on, '风险消除日期');
  return [
    {
      type: 'MonitoringReopened',
      data: { effectiveDate: c.effectiveDate, reason: text(c.reason, '回退原因') },
    },
  ];
}

function recordAssistance(
  s: ActiveState,
  c: Cmd<'RecordAssistance'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (!ASSISTANCE_CATEGORIES.includes(c.category))
    fail('INVALID_INPUT', `未知帮扶类别 ${c.category}`);
  effective(c.date, ctx, s.facts.registeredOn, '登记日期');
  amount(c.amountFen, '帮扶金额');
  count(c.peopleReached, '受益人数');
  return [
    {
      type: 'AssistanceRecorded',
      data: {
        assistanceId: ctx.newId(),
        category: c.category,
        amountFen: c.amountFen,
        peopleReached: c.peopleReached,
        effectiveDate: c.date,
        ...(c.programme !== undefined && { programme: c.programme }),
      },
    },
  ];
}

function logVisit(s: ActiveState, c: Cmd<'LogVisit'>, ctx: DecisionContext): HouseholdEvent[] {
  if (!VISIT_PURPOSES.includes(c.purpose)) fail('INVALID_INPUT', `未知走访类型 ${c.purpose}`);
  effective(c.date, ctx, s.facts.registeredOn, '登记日期');
  if (c.perCapitaIncomeCheckFen !== undefined) amount(c.perCapitaIncomeCheckFen, '核实人均收入');
  const visitId = ctx.newId();
  const events: HouseholdEvent[] = [
    {
      type: 'VisitLogged',
      data: {
        visitId,
        effectiveDate: c.date,
        cadre: text(c.cadre, '走访干部'),
        purpose: c.purpose,
        ...(c.notes !== undefined && { notes: c.notes }),
        ...(c.perCapitaIncomeCheckFen !== undefined && {
          perCapitaIncomeCheckFen: c.perCapitaIncomeCheckFen,
        }),
      },
    },
  ];
  for (const p of c.problems ?? []) {
    if (!isIsoDate(p.deadline) || p.deadline < c.date) {
      fail(
        'INVALID_INPUT',
        `问题“${p.description}”的整改期限 ${p.deadline} 不能早于走访日期 ${c.date}`,
      );
    }
    events.push({
      type: 'ProblemRecorded',
      data: {
        problemId: ctx.newId(),
        visitId,
        description: text(p.description, '问题描述'),
        effectiveDate: c.date,
        deadline: p.deadline,
      },
    });
  }
  return events;
}

function rectifyProblem(
  s: ActiveState,
  c: Cmd<'RectifyProblem'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  const problem = s.facts.problems[c.problemId];
  if (!problem) fail('PROBLEM_NOT_FOUND', `本户没有编号为 ${c.problemId} 的问题`);
  if (problem.rectifiedOn)
    fail('PROBLEM_ALREADY_RECTIFIED', `该问题已于 ${problem.rectifiedOn} 整改`);
  effective(c.date, ctx, problem.foundOn, '发现问题日期');
  return [
    {
      type: 'ProblemRectified',
      data: {
        problemId: c.problemId,
        effectiveDate: c.date,
        measures: text(c.measures, '整改措施'),
      },
    },
  ];
}

function deregister(
  s: ActiveState,
  c: Cmd<'DeregisterHousehold'>,
  ctx: DecisionContext,
): HouseholdEvent[] {
  if (!DEREGISTRATION_REASONS.includes(c.reason)) fail('INVALID_INPUT', `未知注销原因 ${c.reason}`);
  effective(c.effectiveDate, ctx, s.facts.lastChangeOn, '该户最近一次变更日期');
  return [
    {
      type: 'HouseholdDeregistered',
      data: {
        effectiveDate: c.effectiveDate,
        reason: c.reason,
        ...(c.note !== undefined && { note: c.note }),
      },
    },
  ];
}

// ---- shared rules ----

function active(state: HouseholdState): ActiveState {
  if (state.status === 'Unregistered') fail('HOUSEHOLD_NOT_FOUND', '没有找到该户，请先登记');
  if (state.status === 'Deregistered') {
    fail('HOUSEHOLD_DEREGISTERED', '该户已注销，不能再记录任何事项');
  }
  return state;
}

/** An effective date must be a real date, not in the future, and not before `earliest`. */
function effective(
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

function validMember(m: MemberInput, effectiveDate: IsoDate): Member {
  const name = text(m.name, '成员姓名');
  oneOf(m.relation, RELATIONS, '与户主关系');
  if (m.health !== undefined) oneOf(m.health, HEALTH_STATES, '健康状况');
  if (m.laborAbility !== undefined) oneOf(m.laborAbility, LABOR_ABILITIES, '劳动能力');
  const id = checkResidentId(m.idNumber);
  if (!id.ok) {
    const why = {
      FORMAT: '应为18位（末位可为X）',
      CHECK_DIGIT: '校验位不正确',
      BIRTH_DATE: '出生日期无效',
    }[id.problem];
    fail('INVALID_RESIDENT_ID', `${name} 的身份证号 ${m.idNumber} ${why}`, {
      idNumber: m.idNumber,
      problem: id.problem,
    });
  }
  if (m.sex !== undefined && m.sex !== id.sex) {
    fail('RESIDENT_ID_SEX_MISMATCH', `${name} 的性别与身份证号第17位不符`, {
      idNumber: m.idNumber,
    });
  }
  if (id.birthDate > effectiveDate) {
    fail('INVALID_RESIDENT_ID', `${name} 的出生日期 ${id.birthDate} 晚于登记日期 ${effectiveDate}`);
  }
  return {
    name,
    idNumber: m.idNumber,
    relation: m.relation,
    sex: id.sex,
    birthDate: id.birthDate,
    ...(m.health !== undefined && { health: m.health }),
    ...(m.laborAbility !== undefined && { laborAbility: m.laborAbility }),
    ...(m.inSchool !== undefined && { inSchool: m.inSchool }),
  };
}

function mayJoin(
  idNumber: string,
  householdId: string,
  effectiveDate: IsoDate,
  ctx: DecisionContext,
): void {
  const other = ctx.memberships.get(idNumber);
  if (other !== undefined && other !== householdId) {
    fail('MEMBER_IN_OTHER_HOUSEHOLD', `身份证号 ${idNumber} 已是另一户（${other}）的现有成员`, {
      idNumber,
      householdId: other,
    });
  }
  const left = ctx.membershipEnds?.get(idNumber);
  if (left !== undefined && effectiveDate < left) {
    fail(
      'DATE_BEFORE_PREVIOUS_CHANGE',
      `身份证号 ${idNumber} 的成员于 ${left} 才离开原户，加入日期 ${effectiveDate} 不能更早`,
      { earliest: left },
    );
  }
}

function yearPolicy(ctx: DecisionContext, year: number): YearPolicy {
  const policy = policyFor(ctx.policy, year);
  if (!policy) fail('NO_POLICY_FOR_YEAR', `政策参数文件中没有 ${year} 年的标准`, { year });
  return policy;
}

function amount(fen: number, label: string): void {
  if (!Number.isSafeInteger(fen)) fail('INVALID_INPUT', `${label}必须精确到分`);
  if (fen < 0) fail('NEGATIVE_AMOUNT', `${label}不能为负数`);
}

function count(n: number, label: string): void {
  if (!Number.isSafeInteger(n) || n < 0) fail('INVALID_INPUT', `${label}必须是非负整数`);
}

function text(value: string, label: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) fail('INVALID_INPUT', `${label}不能为空`);
  return trimmed;
}

function oneOf(value: string, allowed: readonly string[], label: string): void {
  if (!allowed.includes(value)) fail('INVALID_INPUT', `未知的${label}：${value}`);
}

function hasLabour(facts: HouseholdFacts): boolean {
  return Object.values(facts.members).some(
    (m) => m.laborAbility === 'FULL' || m.laborAbility === 'PARTIAL',
  );
}

const yuan = formatYuan;

function assertNever(x: never): never {
  throw new Error(`Unhandled command ${JSON.stringify(x)}`);
}
