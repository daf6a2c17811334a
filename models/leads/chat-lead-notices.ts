import type { ChatLeadOutcome } from './chat-lead.model.js';
import type { Customer } from '../customers/customer.model.js';
import type { Employee } from '../org/employee.model.js';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import { businessDate } from '../shared/business-day.js';

// What the rep is told when one of their conversations became (or could not become) a lead. The
// notice goes through the outbox as a WeCom app message: the client is never told anything, and the
// rep hears it even when the bot drives their own account.

export interface LeadNotice {
  leadId: string;
  outcome: ChatLeadOutcome;
  rep: Employee;
  contactName: string;
  customer: Customer;
  ownerName: string;
  /** The customer was created in the public pool because the rep's private pool was full. */
  overflowedToPublic: boolean;
  timezone: string;
  now: Date;
}

export function leadNoticeText(n: LeadNotice): string | null {
  const who = n.contactName || '该联系人';
  switch (n.outcome) {
    case 'created': {
      if (n.overflowedToPublic) {
        return `新线索：${who} 的会话已建为客户「${n.customer.name}」。你的私海已满，它暂放在公海；释放一个客户后发送「认领 ${n.customer.name}」即可认领。`;
      }
      const dropDate = n.customer.protectedUntil ? businessDate(n.customer.protectedUntil, n.timezone) : null;
      return (
        `新线索：${who} 的会话已建为客户「${n.customer.name}」，已进入你的私海。` +
        (dropDate ? `${dropDate} 前需有一条有效跟进，否则掉回公海。` : '') +
        `发送「跟进 ${n.customer.name} 内容」即可记录跟进。`
      );
    }
    case 'attached-public':
      if (n.customer.poolState === 'quarantined') {
        return `${who} 所在公司「${n.customer.name}」的数据正在清洗（已隔离），暂不能认领，如有疑问请联系销售运营。`;
      }
      return `${who} 所在公司「${n.customer.name}」在公海中，发送「认领 ${n.customer.name}」即可认领。`;
    case 'owned-by-other':
      return (
        `撞单提醒：${who} 所在公司「${n.customer.name}」已是 ${n.ownerName || '其他同事'} 的客户，未为你新建客户。` +
        '如认为应由你跟进，可在小程序对该客户发起撞单申诉（投诉），由销售运营裁决。'
      );
    case 'attached-own':
      return null;
  }
}

/** Queues the notice once per lead (deterministic outbox id). */
export async function queueLeadNotice(n: LeadNotice): Promise<void> {
  const content = leadNoticeText(n);
  if (!content) {
    return;
  }
  await enqueueMessages(
    [
      {
        id: `chat-lead:${n.leadId}`,
        toUserId: n.rep.userId,
        kind: n.outcome === 'owned-by-other' ? 'conflict' : 'lead',
        payload: textMessage(content),
      },
    ],
    n.now,
  );
}
