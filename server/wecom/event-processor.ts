import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import type { Clock } from '../../models/shared/clock.js';
import type { WecomEvent } from '../../models/wecom/wecom-event.model.js';
import { dueEventIds, finishEvent, leaseEvents, renewEventLeases } from '../../models/wecom/event-leases.js';
import { partitionsOf, type EventShare } from '../../models/wecom/event-partition.js';
import type { AppDeps } from '../app.js';
import type { BackgroundService } from '../services/index.js';
import { onWecomEventStored } from './event-signal.js';
import { handlerFor, orderingKey, readsContactInPhase } from './events/event-handlers.js';
import { contactReadPhase } from './events/contact-reads.js';
import { BatchLeaseWorker } from './batch-lease-worker.js';
import { IngestYield } from './ingest-yield.js';
import { failureText, isRetryableWecomError } from './wecom-errors.js';
import type { WecomClient } from './wecom.client.js';
import { retryAfter, workerBackoff, type Backoff } from '../../models/shared/backoff.js';

// Works through stored WeCom events after they were acknowledged: leased a batch at a time (renewed while
// they wait or run, so a crashed instance's events are taken over once the lease lapses), worked on side by
// side across contacts and members, in order within one (orderingKey), each retried with exponential backoff
// on failure and parked as failed after the last attempt or on a permanent error — one bad event never holds
// up the others. On start-up every event stored but not finished (pending, or processing under an expired
// lease) is picked up: that is the replay. With several worker processes, each takes only the events of its share
// of the partitions (models/wecom/event-partition.ts): one contact's events are all in one share.

export interface EventProcessorOptions {
  concurrency?: number;
  batchSize?: number;
  pollMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  instanceId?: string;
  /** How long the batch's phase read waits for events whose WeCom call is still out (contact-reads.ts). */
  phaseWaitMs?: number;
  /** This processor's part of the events, when several worker processes share them; all of them when not given. */
  share?: EventShare;
}

type EventDeps = Pick<AppDeps, 'wecom' | 'config' | 'clock' | 'log'>;

export class WecomEventProcessor {
  readonly worker: BatchLeaseWorker<WecomEvent>;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: Backoff;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly wecom: WecomClient;
  private readonly config: Config;
  private readonly ingest = new IngestYield();
  private readonly contactReads: ReturnType<typeof contactReadPhase>;

  constructor(deps: EventDeps, options: EventProcessorOptions = {}) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? deps.config.workerLeaseSeconds * 1000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = workerBackoff(options.backoffBaseMs ?? 10_000, options.backoffMaxMs ?? 3_600_000);
    this.clock = deps.clock;
    this.log = deps.log.child({ worker: 'wecom-events' });
    this.wecom = deps.wecom;
    this.config = deps.config;
    this.contactReads = contactReadPhase(options.phaseWaitMs ?? 100);
    const partitions = partitionsOf(options.share);
    this.worker = new BatchLeaseWorker<WecomEvent>({
      name: 'wecom event processor',
      batchSize: options.batchSize ?? 200,
      concurrency: options.concurrency ?? 32,
      pollMs: options.pollMs ?? 1000,
      leaseMs: this.leaseMs,
      log: this.log,
      now: () => this.clock.now(),
      idOf: (event) => event._id,
      keyOf: orderingKey,
      take: async (limit, excludeIds) => {
        const now = this.clock.now();
        return leaseEvents(await dueEventIds(now, limit, excludeIds, partitions), this.instanceId, now, this.leaseMs);
      },
      renew: (ids) => renewEventLeases(ids, this.instanceId, this.clock.now(), this.leaseMs),
      holdOffMs: () => this.ingest.holdMs(),
      work: (event, freeSlot) => this.handle(event, freeSlot),
    });
  }

  start(): () => void {
    const unsubscribe = onWecomEventStored((count) => {
      this.ingest.stored(count);
      this.worker.wake();
    });
    this.worker.start();
    return unsubscribe;
  }

  /** Leases one event and works on it (the benchmark's one-at-a-time meter); nothing when someone holds it. */
  async process(eventId: string): Promise<void> {
    const [leased] = await leaseEvents([eventId], this.instanceId, this.clock.now(), this.leaseMs);
    if (leased) {
      await this.handle(leased);
    }
  }

  /** Runs the event's handler on a leased event and records the outcome, or schedules a retry. */
  private async handle(leased: WecomEvent, freeSlot?: () => void): Promise<void> {
    const handler = handlerFor(leased);
    // Entered before the handler's WeCom call, so the batch's phase read waits for it; past that read, the
    // next event may start its WeCom call (the slots bound the WeCom calls in flight).
    const reads = handler && readsContactInPhase(handler) ? this.contactReads.enter(freeSlot) : undefined;
    try {
      const env = { wecom: this.wecom, config: this.config, now: this.clock.now(), log: this.log, reads };
      const outcome = handler
        ? await handler(leased, env)
        : `ignored: no handler for ${leased.event}/${leased.changeType}`;
      reads?.leave();
      await this.finish(leased, { status: 'done', processedAt: this.clock.now(), outcome, lastError: '' });
      this.log.debug('wecom event processed', { event: leased.event, changeType: leased.changeType, outcome });
    } catch (error) {
      reads?.leave();
      await this.failed(leased, error);
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
    const { at, delayMs } = retryAfter(event.attempts, this.backoff, this.clock.now());
    this.log.warn('wecom event failed, will retry', { eventId: event._id, attempts: event.attempts, delayMs, error });
    await this.finish(event, { status: 'pending', nextAttemptAt: at, lastError: message });
  }

  /** Writes the result only while we still hold the lease (a lapsed lease means someone else took over). */
  private async finish(event: WecomEvent, set: Partial<WecomEvent>): Promise<void> {
    if (!(await finishEvent({ id: event._id, owner: this.instanceId, set }))) {
      this.log.warn('event lease lost before finishing', { eventId: event._id });
    }
  }
}

/** The server's event processor (STYLE.md: background work is a BackgroundService), on `share` of the events. */
export const wecomEventProcessorService = (share?: EventShare): BackgroundService => ({
  name: 'wecom-event-processor',
  start(deps) {
    const processor = new WecomEventProcessor(deps, { share });
    const unsubscribe = processor.start();
    return Promise.resolve(async () => {
      unsubscribe();
      await processor.worker.stop();
    });
  },
});
