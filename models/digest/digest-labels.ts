import type { CustomerSource } from '../customers/customer.model.js';

// Chinese names of codes, as they appear in the digest.

/** Pipeline and deal stages, in the product's one vocabulary. */
export { opportunityStageLabels as opportunityStageLabel, stageLabels as stageLabel } from '../shared/vocabulary.js';

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
