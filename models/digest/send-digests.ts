import { enqueueMessages, type EmployeeMessage } from '../messages/employee-message.js';
import { OutboundMessageModel } from '../messages/outbound-message.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { businessDate } from '../shared/business-day.js';
import { computeDigests } from './compute-digest.js';
import { renderDigest } from './digest-message.js';
import { reviewScopes } from './review-scopes.js';
import type { Digest } from './review-types.js';

export interface SendDigestsResult {
  digests: { recipient: string; digest: Digest }[];
  messages: EmployeeMessage[];
  /** Recipients whose digest for today is already in the outbox. */
  alreadySent: string[];
}

/**
 * The evening digest: every manager gets their teams' review, every ops member the company's. A
 * recipient whose digest for the day is already queued is skipped, so a re-run sends nothing twice
 * and never a second, different version.
 */
export async function sendDigests(
  options: { dryRun?: boolean; miniappAppId?: string },
  ctx: DomainContext,
): Promise<SendDigestsResult> {
  const date = businessDate(ctx.now, ctx.config.timezone);
  const scopes = await reviewScopes();
  const firstPart = (userId: string) => `digest:${userId}:${date}:1`;
  const sent = new Set(
    (
      await OutboundMessageModel.find(
        { _id: { $in: scopes.map((s) => firstPart(s.recipient.userId)) } },
        { _id: 1 },
      ).lean()
    ).map((m) => m._id),
  );
  const pending = scopes.filter((s) => !sent.has(firstPart(s.recipient.userId)));
  const digests = await computeDigests(pending, ctx);
  const messages = pending.flatMap((scope, i) =>
    renderDigest(digests[i]!, scope.recipient.userId, { miniappAppId: options.miniappAppId }),
  );
  if (!options.dryRun) {
    await enqueueMessages(messages, ctx.now);
  }
  return {
    digests: pending.map((s, i) => ({ recipient: s.recipient.userId, digest: digests[i]! })),
    messages,
    alreadySent: scopes.filter((s) => sent.has(firstPart(s.recipient.userId))).map((s) => s.recipient.userId),
  };
}
