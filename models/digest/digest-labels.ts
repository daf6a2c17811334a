import type { CustomerSource } from '../customers/customer.model.js';
import type { OpportunityStage } from '../customers/opportunity.model.js';

// Chinese names of codes, as they appear in the digest.

/** Pipeline stages, in the product's one vocabulary. */
export { stageLabels as stageLabel } from '../shared/vocabulary.js';

export const opportunityStageLabel: Record<OpportunityStage, string> = {
  qualify: '初步接洽',
  needs: '需求确认',
  proposal: '方案报价',
  negotiation: '商务谈判',
  won: '赢单',
  lost: '输单',
};

export const sourceLabel: Record<CustomerSource, string> = {
  wecom: '企微',
  chat: '聊天',
  group: '群聊',
  website: '官网',
  inbound: '主动咨询',
  event: '活动',
  referral: '转介绍',
  import: '导入',
  manual: '手动录入',
  other: '其他',
};

export function labelOf<T extends string>(labels: Record<T, string>, code: string | null | undefined): string {
  return code ? (labels[code as T] ?? code) : '无';
}
