import { randomUUID } from 'node:crypto';
import type { Logger } from '../../config/logger.js';
import { dueWecomMessages } from '../../models/messages/app-outbox.js';
import { OutboundMessageModel, type OutboundMessage } from '../../models/messages/outbound-message.model.js';
import {
  purgeSendCounters,
  reserveSendSlot,
  SAFE_SEND_LIMITS,
  type SendLimits,
} from '../../models/messages/send-rate.js';
import type { Clock } from '../../models/shared/clock.js';
import type { AppDeps } from '../app.js';
import type { BackgroundService } from '../services/index.js';
import { LeaseWorker } from './lease-worker.js';
import { onWecomEventStored } from './event-signal.js';
import { IngestYield } from './ingest-yield.js';
import { failureText, isRetryableWecomError } from './wecom-errors.js';
import type { WecomMessagePayload } from '../../models/messages/employee-message.js';
import type { WecomClient } from './wecom.client.js';
import { retryAfter, workerBackoff, type Backoff } from '../../models/shared/backoff.js';
import { LeaseKeeper, leaseExpiry, takeLease } from '../../models/shared/lease.js';

// Delivers the outbox (channel 'wecom') through message/send. Each message is sent under a lease, so
// two instances never send one message; WeCom outages, timeouts and rate limits only delay it
// (backoff, retried without end); a crash mid-send is retried and WeCom's duplicate check keeps the
// member from seeing it twice. Per-member limits are kept through shared counters. A permanent refusal
// (bad recipient, bad content) marks the message failed with the reason.

export interface MessageSenderOptions {
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  limits?: SendLimits;
  instanceId?: string;
  /** The burst policy (tests pass one on their own clock). */
  ingest?: IngestYield;
}

export class WecomMessageSender {
  readonly worker: LeaseWorker<OutboundMessage>;
  /** While WeCom callbacks keep arriving, sending waits as event processing does (ingest-yield.ts). */
  readonly ingest: IngestYield;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly backoff: Backoff;
  private readonly limits: SendLimits;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly wecom: WecomClient;

  constructor(deps: Pick<AppDeps, 'wecom' | 'config' | 'clock' | 'log'>, options: MessageSenderOptions = {}) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.ingest = options.ingest ?? new IngestYield();
    this.leaseMs = options.leaseMs ?? deps.config.workerLeaseSeconds * 1000;
    this.backoff = workerBackoff(options.backoffBaseMs ?? 5_000, options.backoffMaxMs ?? 15 * 60_000);
    this.limits = options.limits ?? SAFE_SEND_LIMITS;
    this.clock = deps.clock;
    this.log = deps.log.child({ worker: 'wecom-messages' });
    this.wecom = deps.wecom;
    this.worker = new LeaseWorker<OutboundMessage>({
      name: 'wecom message sender',
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 1000,
      log: this.log,
      idOf: (message) => message._id,
      // One member's messages go out in order, one at a time.
      keyOf: (message) => message.toUserId,
      fetchDue: (excludeIds) => dueWecomMessages(this.clock.now(), excludeIds),
      holdOffMs: () => this.ingest.holdMs(),
      work: (message) => this.send(message._id),
    });
  }

  async send(messageId: string): Promise<void> {
    const now = this.clock.now();
    const leased = await takeLease<OutboundMessage>(
      OutboundMessageModel,
      { _id: messageId, channel: 'wecom', status: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: now } },
      now,
      this.leaseMs,
      { $set: { status: 'sending' }, $inc: { attempts: 1 } },
    );
    if (!leased) {
      return;
    }
    const keeper = new LeaseKeeper(
      leased.leaseUntil!,
      async (current) => {
        const next = leaseExpiry(this.clock.now(), this.leaseMs);
        const renewed = await OutboundMessageModel.updateOne(
          { _id: messageId, status: 'sending', leaseUntil: current },
          { $set: { leaseUntil: next } },
        );
        return renewed.modifiedCount > 0 ? next : null;
      },
      this.leaseMs / 3,
    ).start();
    let outcome: Awaited<ReturnType<WecomMessageSender['deliver']>>;
    let token: Date;
    try {
      outcome = await this.deliver(leased, now);
    } finally {
      // Also when delivery threw (the database went away mid-send): a keeper left running would renew
      // the lease forever and nobody would ever send the message. Without it, the lease lapses.
      token = await keeper.stop();
    }
    const settled = await OutboundMessageModel.updateOne(
      { _id: messageId, status: 'sending', leaseUntil: token },
      { $set: { ...outcome.set, leaseUntil: null }, ...(outcome.notAnAttempt ? { $inc: { attempts: -1 } } : {}) },
    );
    if (settled.modifiedCount === 0) {
      this.log.warn('message lease lost before settling', { messageId });
    }
  }

  /** One delivery attempt; says what the message's state becomes. */
  private async deliver(
    message: OutboundMessage,
    now: Date,
  ): Promise<{ set: Partial<OutboundMessage>; notAnAttempt?: boolean }> {
    const slot = await reserveSendSlot(message.toUserId, now, this.limits);
    if (!slot.ok) {
      // Over the member's limit: wait for the next window; this is not a failed attempt.
      return { set: { status: 'pending', nextAttemptAt: slot.retryAt }, notAnAttempt: true };
    }
    try {
      const answer = await this.wecom.sendMessage(message.toUserId, message.payload as WecomMessagePayload);
      if ((answer.invaliduser ?? '').split('|').includes(message.toUserId)) {
        return { set: { status: 'failed', lastError: `recipient not valid in WeCom: ${message.toUserId}` } };
      }
      return { set: { status: 'sent', sentAt: this.clock.now(), lastError: '' } };
    } catch (error) {
      const reason = failureText(error);
      if (!isRetryableWecomError(error)) {
        this.log.error('message refused by WeCom', { messageId: message._id, reason });
        return { set: { status: 'failed', lastError: reason } };
      }
      const { at, delayMs } = retryAfter(message.attempts, this.backoff, this.clock.now());
      this.log.warn('message delayed', { messageId: message._id, attempts: message.attempts, delayMs, reason });
      return { set: { status: 'pending', nextAttemptAt: at, lastError: reason } };
    }
  }
}
/** The server's message sender, plus an occasional purge of finished rate windows. */
export const wecomMessageSenderService: BackgroundService = {
  name: 'wecom-message-sender',
  start(deps) {
    const sender = new WecomMessageSender(deps);
    const unsubscribe = onWecomEventStored((count) => sender.ingest.stored(count));
    sender.worker.start();
    const purge = setInterval(() => {
      purgeSendCounters(deps.clock.now()).catch((error: unknown) =>
        deps.log.warn('could not purge send counters', { error }),
      );
    }, 10 * 60_000);
    purge.unref();
    return Promise.resolve(async () => {
      clearInterval(purge);
      unsubscribe();
      await sender.worker.stop();
    });
  },
};
