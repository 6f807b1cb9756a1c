import { formatYuan } from '../../domain/index.js';

import type { RestatedFigure, YearEndReportData } from './year-end-report.model.js';

/** Chinese names of the report's fields, for the restatement list. */
const FIELD_LABELS: Record<string, string> = {
  stock: '年末存量',
  startOfYear: '年初存量',
  flows: '年度变动',
  assistance: '帮扶措施',
  visits: '走访',
  review: '回头看',
  problems: '问题整改',
  townships: '分乡镇',
  registered: '建档立卡',
  exited: '脱贫',
  remaining: '未脱贫',
  edge: '边缘户',
  identified: '新识别',
  registeredNonPoor: '新登记非建档立卡户',
  returnedToPoverty: '返贫',
  deregistered: '销户',
  edgeFlagged: '新标注边缘户',
  edgeCleared: '取消边缘户',
  monitoringStarted: '纳入监测',
  riskEliminated: '风险消除',
  monitoringReopened: '风险消除回退',
  monitoringEndedOtherwise: '未经风险消除结束监测户数',
  monitoredByCategory: '监测中（按类别）',
  exitedInYear: '年内脱贫',
  byPurpose: '按目的',
  households: '户数',
  people: '人数',
  peopleReached: '受益人次',
  amount: '金额（元）',
  assistanceAmount: '帮扶金额（元）',
  total: '次数',
  registeredHouseholds: '建档立卡户数',
  registeredPeople: '建档立卡人数',
  exitedHouseholds: '已脱贫户数',
  exitedPeople: '已脱贫人数',
  remainingHouseholds: '未脱贫户数',
  remainingPeople: '未脱贫人数',
  edgeHouseholds: '边缘户户数',
  edgePeople: '边缘户人数',
  monitoredHouseholds: '监测中户数',
  monitoredPeople: '监测中人数',
  riskEliminatedHouseholds: '风险消除户数',
  riskEliminatedPeople: '风险消除人数',
  nonRegisteredHouseholds: '非建档立卡户数',
  problemsFound: '发现问题数',
  problemsRectified: '整改问题数',
  problemsOpen: '未整改问题数',
  problemsOverdue: '逾期问题数',
  allRectifiedBy: '全部整改完成日期',
  found: '发现问题数',
  rectified: '整改问题数',
  rectifiedByDeadline: '按期整改问题数',
  open: '未整改问题数',
  overdue: '逾期问题数',
};

/** Fields that describe the report rather than count anything. */
const SKIPPED = new Set([
  'year',
  'areaCode',
  'areaName',
  'asOf',
  'position',
  'knownAt',
  'generatedAt',
  'monitoringLineFen',
  'label',
  'name',
  'amountWanYuan',
  'assistanceAmountWanYuan',
]);

/** Array items are keyed by what they are about, so that a diff compares like with like. */
function keyOf(item: Record<string, unknown>): { key: string; label: string } {
  const { category, reason, purpose, areaCode, label, name } = item as Record<string, string>;
  const key = category ?? reason ?? purpose ?? areaCode ?? '?';
  return { key, label: label ?? (areaCode ? (name ?? areaCode) : key) };
}

type Leaves = Map<string, { label: string; value: string }>;

function flatten(value: unknown, path: string, label: string, into: Leaves): void {
  if (value === null || value === undefined) {
    if (path) into.set(path, { label, value: '—' });
    return;
  }
  if (typeof value === 'bigint') {
    into.set(path, { label, value: formatYuan(value) });
    return;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    into.set(path, { label, value: String(value) });
    return;
  }
  if (typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value as Record<string, unknown>[]) {
      const { key, label: itemLabel } = keyOf(item);
      flatten(item, `${path}[${key}]`, `${label}·${itemLabel}`, into);
    }
    return;
  }
  for (const [field, child] of Object.entries(value as Record<string, unknown>)) {
    if (SKIPPED.has(field) || field === 'category' || field === 'reason' || field === 'purpose') {
      continue;
    }
    // The report lists assistance once, with 万元; the stock's copy would repeat every line.
    if (path === 'stock' && field === 'assistance') continue;
    const childLabel = FIELD_LABELS[field] ?? field;
    flatten(
      child,
      path ? `${path}.${field}` : field,
      label ? `${label}·${childLabel}` : childLabel,
      into,
    );
  }
}

/**
 * What differs between the report as published (known at an earlier position) and as known now:
 * one line per figure, in the order of the current report, then figures that disappeared.
 */
export function restatementOf(
  published: YearEndReportData,
  current: YearEndReportData,
): RestatedFigure[] {
  const then: Leaves = new Map();
  const now: Leaves = new Map();
  flatten(published, '', '', then);
  flatten(current, '', '', now);
  const changes: RestatedFigure[] = [];
  // An item that is new (or gone) in a list counts from zero.
  const zero = (value: string | undefined) => value ?? '0';
  for (const [figure, { label, value }] of now) {
    const before = then.get(figure)?.value;
    if (before !== value) {
      changes.push({ figure, label, published: zero(before), current: value });
    }
  }
  for (const [figure, { label, value }] of then) {
    if (!now.has(figure)) changes.push({ figure, label, published: value, current: '0' });
  }
  return changes;
}
