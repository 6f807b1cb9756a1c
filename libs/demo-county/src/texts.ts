import type { AssistanceCategory, PovertyCause, RiskFactor } from '#app/households';

/** Chinese wording for the demo county's records: what a cadre would type. */

export const ROUTINE_NOTES = [
  '了解家庭生产生活情况，宣传扶贫政策',
  '核实家庭成员就业和收入情况',
  '查看住房安全和饮水情况',
  '了解子女就学和资助落实情况',
  '了解家庭成员就医及医保报销情况',
  '指导发展种养产业，落实产业帮扶',
  '更新扶贫手册，核对帮扶措施',
] as const;

export const REVIEW_NOTES = [
  '脱贫攻坚“回头看”入户核查',
  '“回头看”：核查“两不愁三保障”及饮水安全',
  '“回头看”：核实收入和帮扶措施落实情况',
] as const;

export const ROUTINE_PROBLEMS = [
  '扶贫手册帮扶记录未及时更新',
  '家庭收入核算有漏项',
  '医保参保信息与实际不符',
] as const;

export const REVIEW_PROBLEMS = [
  '家庭人均纯收入核算不准确',
  '扶贫手册与实际帮扶措施不一致',
  '住房安全鉴定资料不全',
  '饮水安全未达标',
  '义务教育阶段子女资助未落实',
  '慢性病签约服务未落实',
  '产业帮扶措施未落实到户',
  '低保政策落实不到位',
  '家庭成员信息与公安户籍不一致',
  '残疾人两项补贴未按时发放',
  '帮扶责任人走访记录不全',
] as const;

export const RECTIFICATION_MEASURES = [
  '重新核算家庭收入并经户主签字确认',
  '补充完善扶贫手册和帮扶记录',
  '协调住建部门完成住房安全鉴定',
  '接通自来水入户并检测水质',
  '补发教育资助资金',
  '落实家庭医生签约服务',
  '落实产业奖补并签订帮扶协议',
  '按程序纳入低保',
  '与公安部门核对并更正成员信息',
  '补发残疾人两项补贴',
] as const;

export const RETURN_REASONS = [
  '家庭成员患重病，医疗支出大，收入骤降',
  '遭受洪涝灾害，种养产业损失严重',
  '主要劳动力意外受伤，失去务工收入',
] as const;

export const EDGE_REASONS = [
  '人均纯收入略高于扶贫标准，因病存在致贫风险',
  '人均纯收入略高于扶贫标准，因残存在致贫风险',
  '人均纯收入略高于扶贫标准，务工收入不稳定',
] as const;

export const WRONGLY_REGISTERED_NOTE =
  '2020年“回头看”核实：家庭收入和财产状况不符合建档立卡标准，属错评，经村民代表会议评议、乡镇审核、县级审定后销户';

export const PROGRAMMES: Record<AssistanceCategory, readonly string[]> = {
  INDUSTRY: ['产业扶贫奖补', '特色种养产业帮扶', '产业扶贫利益联结'],
  EMPLOYMENT: ['就业扶贫一次性交通补贴', '扶贫车间务工补贴', '公益性岗位补贴'],
  MICRO_CREDIT: ['扶贫小额信贷'],
  EDUCATION: ['义务教育家庭经济困难学生生活补助', '雨露计划', '学前教育资助'],
  HEALTH: ['住院费用“一站式”结算报销', '大病保险', '医疗救助'],
  BOTTOM_LINE_SECURITY: ['农村低保', '特困人员供养'],
  DISABILITY_SUBSIDY: ['困难残疾人生活补贴', '重度残疾人护理补贴'],
  HOUSING_RENOVATION: ['农村危房改造'],
  RELOCATION_FOLLOW_UP: ['易地扶贫搬迁后续扶持'],
  DRINKING_WATER: ['农村饮水安全巩固提升'],
  CONSUMPTION: ['消费扶贫'],
  SOCIAL: ['社会扶贫“一对一”结对帮扶', '“万企帮万村”'],
};

export const POVERTY_CAUSE_WEIGHTS: readonly (readonly [PovertyCause, number])[] = [
  ['ILLNESS', 30],
  ['DISABILITY', 12],
  ['SCHOOLING', 10],
  ['LACK_OF_SKILLS', 15],
  ['LACK_OF_LABOUR', 12],
  ['LACK_OF_FUNDS', 10],
  ['DISASTER', 3],
  ['LACK_OF_LAND', 3],
  ['POOR_TRANSPORT', 2],
  ['LACK_OF_MOTIVATION', 2],
  ['LACK_OF_WATER', 1],
];

export const RISK_FACTOR_WEIGHTS: readonly (readonly [RiskFactor, number])[] = [
  ['ILLNESS', 35],
  ['DISABILITY', 12],
  ['SCHOOLING', 10],
  ['UNSTABLE_EMPLOYMENT', 18],
  ['LACK_OF_LABOUR', 10],
  ['DISASTER', 5],
  ['ACCIDENT', 5],
  ['INDUSTRY_FAILURE', 5],
];
