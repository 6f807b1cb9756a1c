import { formatYuan } from '../../domain/index.js';
import type { YearEndReport } from './year-end-report.query.js';
import type { Count } from './year-end-report.model.js';

const hp = (c: Count) => `${c.households} 户 / ${c.people} 人`;

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The year-end report as a Markdown document (zh-CN), for printing or pasting into a report. */
export function reportMarkdown(r: YearEndReport): string {
  const where = r.areaCode === null ? '全县' : `${r.areaName ?? ''}（${r.areaCode}）`;
  const s = r.stock;
  const f = r.flows;
  const out: string[] = [];
  out.push(`# ${r.year} 年度扶贫工作统计报告：${where}`);
  out.push(
    `统计截止：${r.asOf}\u3000全局日志位置：${r.position}` +
      (r.knownAt === null ? '' : `（按位置 ${r.knownAt} 时所知重新生成）`) +
      `\u3000生成时间：${r.generatedAt}`,
  );
  out.push('## 文字说明', r.text);
  out.push(
    '## 年末存量',
    table(
      ['项目', '户数', '人数'],
      [
        ['建档立卡（动态调整后）', s.registeredHouseholds, s.registeredPeople],
        ['其中已脱贫', s.exitedHouseholds, s.exitedPeople],
        ['剩余未脱贫', s.remainingHouseholds, s.remainingPeople],
        ['年初剩余未脱贫', r.startOfYear.remaining.households, r.startOfYear.remaining.people],
        ['边缘户', s.edgeHouseholds, s.edgePeople],
        ['监测中', s.monitoredHouseholds, s.monitoredPeople],
        ...s.monitoredByCategory.map((c) => [`\u3000${c.label}`, c.households, c.people]),
        ['风险已消除', s.riskEliminatedHouseholds, s.riskEliminatedPeople],
      ],
    ),
  );
  out.push(
    '## 年度变动',
    table(
      ['项目', '户数', '人数'],
      [
        ['新识别贫困户', f.identified.households, f.identified.people],
        ['脱贫退出', f.exited.households, f.exited.people],
        ['返贫', f.returnedToPoverty.households, f.returnedToPoverty.people],
        ...f.deregistered.map((d) => [`销户（${d.label}）`, d.households, d.people]),
        ['新标注边缘户', f.edgeFlagged.households, f.edgeFlagged.people],
        ['取消边缘户', f.edgeCleared.households, f.edgeCleared.people],
        ...f.monitoringStarted.map((c) => [`纳入监测（${c.label}）`, c.households, c.people]),
        ...f.riskEliminated.map((c) => [`风险消除（${c.label}）`, c.households, c.people]),
        ...f.monitoringReopened.map((c) => [`风险消除回退（${c.label}）`, c.households, c.people]),
      ],
    ),
  );
  out.push(
    '## 帮扶措施',
    table(
      ['类别', '金额（万元）', '金额（元）', '受益户数', '受益人次'],
      r.assistance.map((a) => [
        a.label,
        a.amountWanYuan,
        formatYuan(a.amount),
        a.households,
        a.peopleReached,
      ]),
    ),
  );
  out.push(
    '## 走访与问题整改',
    table(
      ['项目', '数量'],
      [
        ['走访次数', r.visits.total],
        ['被走访户数', r.visits.households],
        ...r.visits.byPurpose.map((v) => [
          `\u3000${v.label}（次 / 户）`,
          `${v.visits} / ${v.households}`,
        ]),
        ['回头看：调查建档立卡户', r.review.registeredHouseholds],
        ['回头看：调查非建档立卡户', r.review.nonRegisteredHouseholds],
        ['回头看：排查问题 / 已整改', `${r.review.problemsFound} / ${r.review.problemsRectified}`],
        ['年内发现问题', r.problems.found],
        ['年内整改问题', r.problems.rectified],
        ['按期整改', r.problems.rectifiedByDeadline],
        ['年末未整改 / 逾期', `${r.problems.open} / ${r.problems.overdue}`],
      ],
    ),
  );
  out.push(
    '## 分乡镇（街道）',
    table(
      [
        '区划代码',
        '名称',
        '建档立卡',
        '已脱贫',
        '未脱贫',
        '年内脱贫',
        '边缘户',
        '监测中户',
        '帮扶（万元）',
        '走访',
        '发现问题',
      ],
      r.townships.map((t) => [
        t.areaCode,
        t.name ?? '',
        hp(t.registered),
        hp(t.exited),
        hp(t.remaining),
        hp(t.exitedInYear),
        hp(t.edge),
        t.monitoredHouseholds,
        t.assistanceAmountWanYuan,
        t.visits,
        t.problemsFound,
      ]),
    ),
  );
  if (r.restatement !== null) {
    out.push(
      '## 与当前记录的差异（重述）',
      r.restatement.length === 0
        ? '无差异。'
        : table(
            ['数字', '已发布', '当前'],
            r.restatement.map((d) => [d.label, d.published, d.current]),
          ),
    );
  }
  return `${out.join('\n\n')}\n`;
}
