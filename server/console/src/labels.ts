// Chinese labels of the server's enums.

export const stageNames: Record<string, string> = {
  lead: '线索',
  customer: '客户',
  opportunity: '商机',
  contract: '合同',
  signed: '成交',
};
export const stateNames: Record<string, string> = {
  public: '公海',
  private: '私海',
  staked: '占坑',
  quarantined: '隔离',
  merged: '已合并',
};
export const sourceNames: Record<string, string> = {
  wecom: '企微添加',
  chat: '聊天',
  group: '客户群',
  website: '官网',
  inbound: '主动咨询',
  event: '活动',
  referral: '转介绍',
  import: '导入',
  manual: '手工录入',
  other: '其他',
};
export const actionNames: Record<string, string> = {
  create: '创建',
  claim: '认领',
  release: '释放',
  drop: '掉保',
  assign: '分配',
  transfer: '转交',
  inherit: '继承',
  stake: '占坑',
  unstake: '取消占坑',
  'stake-expire': '占坑到期',
  lock: '锁定',
  unlock: '解锁',
  grade: '等级变更',
  stage: '阶段变更',
  ruling: '撞单裁决',
  quarantine: '隔离',
  restore: '恢复',
  merge: '合并',
};
export const money = (n: number) => `¥${Math.round(n).toLocaleString('zh-CN')}`;
import { session } from './session.js';

const zone = () => session.current?.timeZone ?? 'Asia/Shanghai';
/** A moment in the business time zone, e.g. 2026/3/2 10:00. */
export const dateTime = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', {
        hour12: false,
        timeZone: zone(),
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
/** A business date, e.g. 2026/3/2. */
export const dateOnly = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: zone() }) : '—';
