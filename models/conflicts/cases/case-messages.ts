import { OutboundMessageModel } from '../../messages/outbound-message.model.js';
import { ignoreDuplicateKeys } from '../../shared/duplicate-key.js';

// Messages about conflict cases, through the outbox. Ids are deterministic per case, event and
// recipient, so a retried filing or ruling never tells anyone twice.

export interface CaseMessage {
  /** case-filed | case-ruled */
  kind: string;
  caseId: string;
  toUserId: string;
  text: string;
}

export async function sendCaseMessages(messages: CaseMessage[], now: Date): Promise<void> {
  if (messages.length === 0) {
    return;
  }
  try {
    await OutboundMessageModel.insertMany(
      messages.map((m) => ({
        _id: `${m.kind}:${m.caseId}:${m.toUserId}`,
        toUserId: m.toUserId,
        kind: m.kind,
        payload: { msgtype: 'text', text: { content: m.text } },
        nextAttemptAt: now,
      })),
      { ordered: false },
    );
  } catch (error) {
    ignoreDuplicateKeys(error);
  }
}
