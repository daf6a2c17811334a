import { enqueueMessages, textMessage } from '../../messages/employee-message.js';

// Messages about conflict cases, through the outbox. Ids are deterministic per case, event and
// recipient, so a retried filing or ruling never tells anyone twice.

/** Characters of someone's own words a notice quotes: the complaint reaches its holder, not a megaphone. */
export const NOTICE_QUOTE_CHARS = 200;

/** The text, cut to NOTICE_QUOTE_CHARS characters (not UTF-16 units) with "…" where it was cut. */
export function quoteForNotice(text: string): string {
  const chars = [...text];
  return chars.length <= NOTICE_QUOTE_CHARS ? text : `${chars.slice(0, NOTICE_QUOTE_CHARS).join('')}…`;
}

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
