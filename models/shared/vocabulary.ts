// The product's one Chinese vocabulary for codes people would otherwise see raw: where a customer came
// from, why a conflict check matched, who made a change. The bot, the API views and the messages use
// these; the mini-app (which may import types only) gets a generated copy of every label table here
// (scripts/generate-client-types.ts, at install, type-check and mini-app build).

/** Where a customer came from, in the order lists show them (customer.model.ts `customerSources` are its keys). */
export const sourceLabels = {
  wecom: '企微添加',
  chat: '聊天',
  group: '社群',
  website: '官网',
  inbound: '主动咨询',
  event: '活动',
  referral: '转介绍',
  import: '导入',
  manual: '手工录入',
  other: '其他',
} as const satisfies Record<string, string>;

/** Pipeline stages (customer.model.ts `stages`). */
export const stageLabels: Record<string, string> = {
  lead: '线索',
  customer: '客户',
  opportunity: '商机',
  contract: '合同',
  signed: '成交',
};

/** The stages of a deal (商机, models/org/opportunity-stages.ts). */
export const opportunityStageLabels: Record<string, string> = {
  qualify: '初步接洽',
  needs: '需求确认',
  proposal: '方案报价',
  negotiation: '商务谈判',
  won: '赢单',
  lost: '输单',
};

/** Decision-chain roles of a contact (决策链, models/customers/contact.model.ts). */
export const contactRoleLabels: Record<string, string> = {
  decider: '决策人',
  influencer: '影响人',
  user: '使用人',
  gatekeeper: '把关人（采购/IT）',
  champion: '内线/支持者',
  other: '其他',
};

/** Where a customer is: the public pool, a rep's private pool, staked, held for cleaning, or merged into another. */
export const stateLabels: Record<string, string> = {
  public: '公海',
  private: '私海',
  staked: '占坑',
  quarantined: '隔离',
  merged: '已合并',
};

/** Intent grades, with what each promises. */
export const gradeLabels: Record<string, string> = {
  A: 'A 类（一周内签）',
  B: 'B 类（两周内签）',
  C: 'C 类（一个月内签）',
  D: 'D 类（暂无近期意向）',
};

/** Ledger actions, as a customer's history shows them. */
export const actionLabels: Record<string, string> = {
  create: '创建',
  claim: '认领',
  release: '释放',
  drop: '掉保',
  assign: '分配',
  transfer: '转移',
  inherit: '继承',
  stake: '占坑',
  unstake: '取消占坑',
  'stake-expire': '占坑到期',
  lock: '锁定',
  unlock: '解锁',
  grade: '改等级',
  stage: '改阶段',
  ruling: '撞单裁决',
  quarantine: '隔离',
  restore: '恢复',
  merge: '合并',
};

/** How a follow-up reached the customer. */
export const channelLabels: Record<string, string> = {
  wecom: '企微',
  phone: '电话',
  visit: '拜访',
  meeting: '会议',
  email: '邮件',
  other: '其他',
};

/** A conflict check's relation: the same company, or one related to it. */
export const relationLabels = { same: '同一客户', related: '关联主体' } as const;

/** What a conflict check matched on. */
export const matchKeyLabels: Record<string, string> = {
  name: '名称相同',
  coreName: '字号相同',
  brand: '品牌相同',
  similarName: '名称相近',
  creditCode: '信用代码相同',
  phone: '电话相同',
  emailDomain: '邮箱域名相同',
  externalUserId: '同一企微联系人',
  unionId: '同一微信用户',
  boss: '老板/法人相同',
  bossOfMatch: '老板/法人相同',
  phoneOfMatch: '电话相同',
};

/** "名称相近、电话相同" for a match's keys, each said once. */
export function matchKeysText(keys: readonly string[]): string {
  return [...new Set(keys.map((k) => matchKeyLabels[k] ?? '其他线索'))].join('、');
}

const systemActors: Record<string, string> = {
  'cli import': '批量导入',
  'drop-sweep': '系统（掉保）',
  'reclaim-warnings': '系统（掉保预警）',
  'stake-deadlines': '系统（占坑到期）',
  'follow-up-nudges': '系统（跟进提醒）',
  'counter-reconcile': '系统（计数校正）',
  'wecom-resync': '企业微信同步',
  'wecom-transfers': '企业微信继承',
  'wecom-callback': '企业微信',
  inheritance: '企业微信继承',
  handover: '离职/转岗交接',
};

/** Who made a ledger change, for a person: an employee's name, or the system part that did it. */
export function actorLabel(kind: string, name: string): string {
  if (name.startsWith('bot:')) {
    return '企微机器人';
  }
  return systemActors[name] ?? (/[\u4e00-\u9fff]/.test(name) ? name : kind === 'wecom' ? '企业微信' : '系统');
}

/** A ledger entry's reason for a person: a creation's reason is its source code. */
export function ledgerReasonLabel(action: string, reason: string): string {
  const sources: Record<string, string> = sourceLabels;
  return action === 'create' ? (sources[reason] ?? reason) : reason;
}
