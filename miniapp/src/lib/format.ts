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

/** The drop countdown of a private customer: daysLeft whole days after today. */
export function dropText(drop: { at: string; daysLeft: number } | null): string {
  if (!drop) {
    return '不会掉保';
  }
  if (drop.daysLeft <= 0) {
    return '今晚掉保';
  }
  if (drop.daysLeft === 1) {
    return '明晚掉保';
  }
  return `还剩 ${drop.daysLeft} 天（${date(new Date(Date.parse(drop.at) - 1).toISOString())}后掉保）`;
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
