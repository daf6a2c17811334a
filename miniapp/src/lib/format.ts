// Display helpers. Times are shown in China time (UTC+8), the business time zone, whatever the phone's.

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

function china(iso: string): Date {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS);
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 3月9日 10:00 */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = china(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 3月9日 */
export function date(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = china(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** "2027年1月1日" when not in the current year (China time), else "1月1日". */
function dayWithYear(iso: string, nowMs: number): string {
  const at = china(iso);
  const now = new Date(nowMs + CHINA_OFFSET_MS);
  return at.getUTCFullYear() === now.getUTCFullYear() ? date(iso) : `${at.getUTCFullYear()}年${date(iso)}`;
}

/** Whole China-time calendar days from one instant's date to another's. */
function calendarDays(fromMs: number, toMs: number): number {
  const day = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / 86_400_000);
  return day(toMs) - day(fromMs);
}

/**
 * When a private customer drops, in the phrase the server's messages and the bot use
 * (models/messages/format.ts dropPhrase): "还剩 3 天，12月17日 0点掉保".
 */
export function dropPhrase(dropsAt: string | null | undefined, nowMs = Date.now()): string {
  if (!dropsAt) {
    return '不会掉保';
  }
  const at = Date.parse(dropsAt);
  if (at <= nowMs) {
    return '保护期已到，即将退回公海';
  }
  return `还剩 ${Math.max(1, calendarDays(nowMs, at))} 天，${dayWithYear(dropsAt, nowMs)} 0点掉保`;
}

/** The drop countdown the server computed on its clock: the drop instant `at`, daysLeft after today. */
export function dropText(drop: { at: string; daysLeft: number } | null): string {
  if (!drop) {
    return '不会掉保';
  }
  if (drop.daysLeft < 0) {
    return '保护期已到，即将退回公海';
  }
  const days = drop.daysLeft + 1;
  return `还剩 ${days} 天，${dayWithYear(drop.at, Date.parse(drop.at) - days * 86_400_000)} 0点掉保`;
}

/** A conflict check's relation (models/shared/vocabulary.ts). */
export const relationLabels: Record<string, string> = { same: '同一客户', related: '关联主体' };

/** What a conflict check matched on (models/shared/vocabulary.ts). */
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

export function matchKeysText(keys: readonly string[]): string {
  const labels: string[] = [];
  for (const k of keys) {
    const label = matchKeyLabels[k] ?? '其他线索';
    if (labels.indexOf(label) < 0) {
      labels.push(label);
    }
  }
  return labels.join('、');
}

export const sourceLabels: Record<string, string> = {
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
};

export const stageLabels: Record<string, string> = {
  lead: '线索',
  customer: '客户',
  opportunity: '商机',
  contract: '合同',
  signed: '成交',
};

/** Decision-chain roles of a contact (决策链). */
export const contactRoleLabels: Record<string, string> = {
  decider: '决策人',
  influencer: '影响人',
  user: '使用人',
  gatekeeper: '把关人（采购/IT）',
  champion: '内线/支持者',
  other: '其他',
};

export const stateLabels: Record<string, string> = {
  public: '公海',
  private: '私海',
  staked: '占坑',
  quarantined: '隔离',
};

export const gradeLabels: Record<string, string> = {
  A: 'A 类（一周内签）',
  B: 'B 类（两周内签）',
  C: 'C 类（一个月内签）',
  D: 'D 类（暂无近期意向）',
};

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

export const channelLabels: Record<string, string> = {
  wecom: '企微',
  phone: '电话',
  visit: '拜访',
  meeting: '会议',
  email: '邮件',
  other: '其他',
};
