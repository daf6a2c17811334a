import { enqueueMessages, textMessage } from '../../messages/employee-message.js';

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
  await enqueueMessages(
    messages.map((m) => ({
      id: `${m.kind}:${m.caseId}:${m.toUserId}`,
      toUserId: m.toUserId,
      kind: m.kind,
      payload: textMessage(m.text),
    })),
    now,
  );
}
