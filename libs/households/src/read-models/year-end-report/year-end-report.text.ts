import type { Count, YearEndReportData } from './year-end-report.model.js';

/** "9619户29001人" */
const hp = (c: Count) => `${c.households}户${c.people}人`;

const total = (counts: readonly Count[]): Count => ({
  households: counts.reduce((n, c) => n + c.households, 0),
  people: counts.reduce((n, c) => n + c.people, 0),
});

/**
 * The report's zh-CN narrative in the style of a county's year-end self-evaluation. Every number
 * comes from the report; a sentence whose figures are all zero is left out rather than printed
 * as "0户".
 */
export function narrative(r: YearEndReportData): string {
  const where = r.areaCode === null ? '全县' : (r.areaName ?? `区划${r.areaCode}`);
  const s = r.stock;
  const paragraphs: string[] = [];

  const registered = { households: s.registeredHouseholds, people: s.registeredPeople };
  const remaining = { households: s.remainingHouseholds, people: s.remainingPeople };
  const edge = { households: s.edgeHouseholds, people: s.edgePeople };
  let stock = `截至${r.year}年12月31日，动态调整后${where}贫困人口为${hp(registered)}`;
  stock +=
    remaining.households === 0
      ? registered.households > 0
        ? '，已全部脱贫'
        : ''
      : `，其中已脱贫${s.exitedHouseholds}户${s.exitedPeople}人、剩余未脱贫${hp(remaining)}`;
  stock += `；边缘户为${hp(edge)}。`;
  paragraphs.push(stock);

  const start = r.startOfYear.remaining;
  const f = r.flows;
  const changes: string[] = [];
  if (start.households > 0 || f.exited.households > 0) {
    let exits =
      start.households > 0
        ? `对年初剩余未脱贫${hp(start)}开展精准帮扶，全年脱贫退出${hp(f.exited)}`
        : `全年脱贫退出${hp(f.exited)}`;
    if (remaining.households === 0 && registered.households > 0) {
      exits += '，依规依程序落实贫困退出，实现所有建档立卡贫困人口脱贫';
    }
    changes.push(exits);
  }
  if (f.returnedToPoverty.households > 0) changes.push(`返贫${hp(f.returnedToPoverty)}`);
  if (f.identified.households > 0) changes.push(`新识别贫困户${hp(f.identified)}`);
  const deregistered = total(f.deregistered);
  if (deregistered.households > 0) {
    const reasons = f.deregistered.map((d) => `${d.label}${hp(d)}`).join('、');
    changes.push(`销户${hp(deregistered)}（${reasons}）`);
  }
  if (changes.length > 0) paragraphs.push(`${changes.join('；')}。`);

  const review = r.review;
  if (review.registeredHouseholds + review.nonRegisteredHouseholds > 0) {
    let text = `全面开展脱贫质量“回头看”，共调查建档立卡贫困户${review.registeredHouseholds}户，非建档立卡困难户${review.nonRegisteredHouseholds}户，排查出${review.problemsFound}个问题`;
    if (review.allRectifiedBy !== null) {
      const [y, m] = review.allRectifiedBy.split('-');
      text += `，于${Number(y) === r.year ? '' : `${y}年`}${Number(m)}月底前全面整改到位`;
    } else if (review.problemsFound > 0) {
      text += `，已整改${review.problemsRectified}个`;
    }
    paragraphs.push(`${text}。`);
  }

  const eliminated = r.flows.riskEliminated;
  const started = total(r.flows.monitoringStarted);
  if (started.households > 0 || eliminated.length > 0) {
    const parts: string[] = [];
    if (started.households > 0) {
      parts.push(
        `加强防贫监测，年内纳入监测${hp(started)}（${r.flows.monitoringStarted.map((c) => `${c.label}${hp(c)}`).join('、')}）`,
      );
    }
    if (eliminated.length > 0) {
      const who = eliminated.map((c) => `${hp(c)}${c.label}`).join('和');
      // The deciders only eliminate risk on an income at or above the monitoring line of the
      // assessment's year, so that is what the sentence can claim (not this year's amount).
      // "全部" only when nobody is left under monitoring and no monitoring ended otherwise.
      const all = s.monitoredHouseholds === 0 && r.flows.monitoringEndedOtherwise === 0;
      parts.push(
        `${where}${who}家庭人均收入均达到监测线以上，返贫致贫风险${all ? '全部' : ''}消除${all ? '，并按相关程序全部退出监测' : s.monitoredHouseholds > 0 ? `，年末仍有监测对象${s.monitoredHouseholds}户${s.monitoredPeople}人` : ''}`,
      );
    }
    paragraphs.push(`${parts.join('；')}。`);
  }

  if (r.assistance.length > 0) {
    const lines = r.assistance.map(
      (a) => `${a.label}${a.amountWanYuan}万元（${a.households}户、${a.peopleReached}人次）`,
    );
    paragraphs.push(`全年落实帮扶措施：${lines.join('；')}。`);
  }

  if (r.visits.total > 0) {
    const purposes = r.visits.byPurpose.map((v) => `${v.label}${v.visits}次`).join('、');
    paragraphs.push(
      `全年入户走访${r.visits.total}次，覆盖${r.visits.households}户（${purposes}）。`,
    );
  }

  const p = r.problems;
  if (p.found + p.rectified + p.open > 0) {
    let text = `全年发现问题${p.found}个，整改${p.rectified}个（其中在整改期限内${p.rectifiedByDeadline}个）`;
    text +=
      p.open > 0
        ? `；年末尚有未整改问题${p.open}个${p.overdue > 0 ? `，其中逾期${p.overdue}个` : ''}`
        : '；年末在册户问题已全部整改';
    paragraphs.push(`${text}。`);
  }

  paragraphs.push(
    r.knownAt === null
      ? `（本报告依据截至全局日志位置${r.position}的全部记录生成，可按此位置复核重现。）`
      : `（本报告按全局日志位置${r.knownAt}时系统已记录的事件重新生成；此后补录的事项不计入。）`,
  );
  return paragraphs.join('\n');
}
