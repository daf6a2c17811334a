import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EVENT_PARTITIONS, eventPartition, partitionsOf } from '../../models/wecom/event-partition.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { orderingKey } from '../../server/wecom/events/event-handlers.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';
import { useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';
import { contactsAddedByThreeReps, eventsAbout } from '../support/wecom-events.js';

// Several worker processes (EVENT_WORKERS) share the stored WeCom events by partition of their ordering key: each
// contact's events all go to one of them, which handles them in WeCom's order; together they handle every event,
// once.

describe('event shares', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'when %i workers share the events, then every partition, and the events stored without one, are in exactly one share',
    (of) => {
      const shares = Array.from({ length: of }, (_, index) => partitionsOf({ index, of }));
      if (of === 1) {
        // One worker takes everything: no filter at all.
        expect(shares).toEqual([undefined]);
        return;
      }
      const all = shares.flatMap((share) => share!);
      expect(all.filter((p) => p === null)).toHaveLength(1);
      expect(shares[0]).toContain(null);
      expect(all.filter((p) => p !== null).sort((a, b) => a - b)).toEqual(
        Array.from({ length: EVENT_PARTITIONS }, (_, p) => p),
      );
      // Equal shares for up to six workers.
      expect(new Set(shares.map((share) => share!.filter((p) => p !== null).length)).size).toBe(1);
    },
  );

  it('when many contact keys are partitioned, then each lands in one stable partition and every partition gets some', () => {
    const keys = Array.from({ length: 6000 }, (_, i) => `change_external_contact:wm${i.toString(36)}XyZ`);
    const partitions = keys.map(eventPartition);
    expect(partitions.every((p) => Number.isInteger(p) && p >= 0 && p < EVENT_PARTITIONS)).toBe(true);
    expect(keys.map(eventPartition)).toEqual(partitions);
    const counts = new Map<number, number>();
    partitions.forEach((p) => counts.set(p, (counts.get(p) ?? 0) + 1));
    expect(counts.size).toBe(EVENT_PARTITIONS);
    // 100 expected per partition: none is starved or swamped.
    expect(Math.min(...counts.values())).toBeGreaterThan(50);
    expect(Math.max(...counts.values())).toBeLessThan(150);
  });
});

describe('events processed by two workers side by side', () => {
  useTestDatabase();
  let bed: WecomTestbed;
  beforeAll(async () => {
    bed = await startWecomTestbed();
    await seedSalesTeam(bed, 3);
  });
  afterAll(() => bed.close());

  it("when three reps add the same contacts one after another and two workers share the events, then each contact's events are handled by the worker of its partition, in WeCom's order, every event once", async () => {
    const contacts = await contactsAddedByThreeReps(bed, 16, '分片');
    const stored = await WecomEventModel.find({}, { partition: 1 }).lean();
    expect(stored).toHaveLength(48);
    // Stored with its partition, as the ordering key the processor uses gives it.
    for (const externalUserId of contacts) {
      for (const event of await eventsAbout(externalUserId)) {
        expect(event.partition).toBe(eventPartition(orderingKey(event)));
      }
    }
    // The first reads of the contacts answer late: an event taken after them must still wait its turn.
    bed.emulator.injectFault({ api: 'externalcontact/get', kind: 'timeout', delayMs: 300, times: 12 });
    const options = { pollMs: 20, batchSize: 100, concurrency: 16 };
    const workers = [0, 1].map(
      (index) =>
        new WecomEventProcessor(bed.app.deps, { ...options, instanceId: `share-${index}`, share: { index, of: 2 } }),
    );
    await Promise.all(workers.map((w) => w.worker.runUntilIdle()));

    const handledBy = new Map<number, number>();
    for (const externalUserId of contacts) {
      const events = await eventsAbout(externalUserId);
      expect(events).toHaveLength(3);
      const share = eventPartition(orderingKey(events[0]!)) % 2;
      handledBy.set(share, (handledBy.get(share) ?? 0) + 1);
      // All of the contact's events by the worker of its share, each once.
      expect(events.map((e) => [e.leaseOwner, e.status, e.attempts])).toEqual(
        events.map(() => [`share-${share}`, 'done', 1]),
      );
      // In WeCom's order: the first add created the contact and its lead, the later ones found both.
      const outcomeOf = (userId: string) => events.find((e) => eventFields(e).UserID === userId)?.outcome;
      expect(outcomeOf('rep1')).toBe('contact created; lead created');
      expect(outcomeOf('rep2')).toBe('contact updated; lead already-linked');
      expect(outcomeOf('rep3')).toBe('contact updated; lead already-linked');
    }
    // Both workers had contacts of their own to handle (16 contacts over two shares).
    expect(handledBy.size).toBe(2);
    expect(await CustomerModel.countDocuments({ name: /^分片测试/ })).toBe(16);
  });
});
