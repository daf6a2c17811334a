import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import type { Clock } from '../../models/shared/clock.js';
import { WecomEventModel, type WecomEvent } from '../../models/wecom/wecom-event.model.js';
import type { AppDeps } from '../app.js';
import type { BackgroundService } from '../services/index.js';
import { onWecomEventStored } from './event-signal.js';
import { handlerFor, orderingKey } from './events/event-handlers.js';
import { LeaseWorker } from './lease-worker.js';
import { failureText, isRetryableWecomError } from './wecom-errors.js';
import type { WecomClient } from './wecom.client.js';
import { backoffDelay, workerBackoff, type Backoff } from '../../models/shared/backoff.js';
import { LeaseKeeper, leaseExpiry, takeLease, unleased } from '../../models/shared/lease.js';

// Works through stored WeCom events after they were acknowledged: each under a lease (renewed while
// the handler runs, so a crashed instance's events are taken over once the lease lapses), retried
// with exponential backoff on failure, and parked as failed after the last attempt or on a permanent
// error — one bad event never holds up the others. On start-up every event stored but not finished
// (pending, or processing under an expired lease) is picked up: that is the replay.

export interface EventProcessorOptions {
  concurrency?: number;
  batchSize?: number;
  pollMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  instanceId?: string;
}

type EventDeps = Pick<AppDeps, 'wecom' | 'config' | 'clock' | 'log'>;

export class WecomEventProcessor {
  readonly worker: LeaseWorker<WecomEvent>;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: Backoff;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly wecom: WecomClient;
  private readonly config: Config;

  constructor(deps: EventDeps, options: EventProcessorOptions = {}) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? deps.config.workerLeaseSeconds * 1000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = workerBackoff(options.backoffBaseMs ?? 10_000, options.backoffMaxMs ?? 3_600_000);
    this.clock = deps.clock;
    this.log = deps.log.child({ worker: 'wecom-events' });
    this.wecom = deps.wecom;
    this.config = deps.config;
    const batchSize = options.batchSize ?? 100;
    this.worker = new LeaseWorker<WecomEvent>({
      name: 'wecom event processor',
      concurrency: options.concurrency ?? 8,
      pollMs: options.pollMs ?? 1000,
      log: this.log,
      idOf: (event) => event._id,
      keyOf: orderingKey,
      fetchDue: (excludeIds) => {
        const now = this.clock.now();
        return WecomEventModel.find(
          {
            status: { $in: ['pending', 'processing'] },
            nextAttemptAt: { $lte: now },
            ...unleased(now),
            ...(excludeIds.length > 0 ? { _id: { $nin: excludeIds } } : {}),
          },
          { event: 1, 'fields.ExternalUserID': 1, 'fields.UserID': 1, 'fields.Id': 1 },
        )
          .sort({ createdAtWecom: 1, receivedAt: 1 })
          .limit(batchSize)
          .lean<WecomEvent[]>();
      },
      work: (event) => this.process(event._id),
    });
  }

  start(): () => void {
    const unsubscribe = onWecomEventStored(() => this.worker.wake());
    this.worker.start();
    return unsubscribe;
  }

  async process(eventId: string): Promise<void> {
    const now = this.clock.now();
    const leased = await takeLease<WecomEvent>(
      WecomEventModel,
      { _id: eventId, status: { $in: ['pending', 'processing'] }, nextAttemptAt: { $lte: now } },
      now,
      this.leaseMs,
      { $set: { status: 'processing', leaseOwner: this.instanceId }, $inc: { attempts: 1 } },
    );
    if (!leased) {
      return; // another instance has it, or it is done
    }
    // Renewed by owner: every write after the work filters on leaseOwner.
    const keeper = new LeaseKeeper(
      leased.leaseUntil!,
      async () => {
        const next = leaseExpiry(this.clock.now(), this.leaseMs);
        const renewed = await WecomEventModel.updateOne(
          { _id: eventId, leaseOwner: this.instanceId, status: 'processing' },
          { $set: { leaseUntil: next } },
        );
        return renewed.modifiedCount > 0 ? next : null;
      },
      this.leaseMs / 3,
    ).start();
    try {
      const handler = handlerFor(leased);
      const outcome = handler
        ? await handler(leased, { wecom: this.wecom, config: this.config, now: this.clock.now(), log: this.log })
        : `ignored: no handler for ${leased.event}/${leased.changeType}`;
      await this.finish(leased, { status: 'done', processedAt: this.clock.now(), outcome, lastError: '' });
      this.log.info('wecom event processed', { event: leased.event, changeType: leased.changeType, outcome });
    } catch (error) {
      await this.failed(leased, error);
    } finally {
      await keeper.stop();
    }
  }

  private async failed(event: WecomEvent, error: unknown): Promise<void> {
    const message = failureText(error);
    const park = event.attempts >= this.maxAttempts || !isRetryableWecomError(error);
    if (park) {
      this.log.error('wecom event parked as failed', { eventId: event._id, attempts: event.attempts, error });
      await this.finish(event, { status: 'failed', lastError: message });
      return;
    }
    const delay = backoffDelay(event.attempts, this.backoff);
    this.log.warn('wecom event failed, will retry', {
      eventId: event._id,
      attempts: event.attempts,
      delayMs: Math.round(delay),
      error,
    });
    await this.finish(event, {
      status: 'pending',
      nextAttemptAt: new Date(this.clock.now().getTime() + delay),
      lastError: message,
    });
  }

  /** Writes the result only while we still hold the lease (a lapsed lease means someone else took over). */
  private async finish(event: WecomEvent, set: Partial<WecomEvent>): Promise<void> {
    const written = await WecomEventModel.updateOne(
      { _id: event._id, leaseOwner: this.instanceId, status: 'processing' },
      { $set: { ...set, leaseUntil: null } },
    );
    if (written.modifiedCount === 0) {
      this.log.warn('event lease lost before finishing', { eventId: event._id });
    }
  }
}

/** The server's event processor (STYLE.md: background work is a BackgroundService). */
export const wecomEventProcessorService: BackgroundService = {
  name: 'wecom-event-processor',
  start(deps) {
    const processor = new WecomEventProcessor(deps);
    const unsubscribe = processor.start();
    return Promise.resolve(async () => {
      unsubscribe();
      await processor.worker.stop();
    });
  },
};
