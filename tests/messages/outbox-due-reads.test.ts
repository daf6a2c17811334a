import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWecomMessages } from '../../models/messages/app-outbox.js';
import { dueBotMessages } from '../../models/messages/bot-outbox.js';
import { OutboundMessageModel, type OutboundMessage } from '../../models/messages/outbound-message.model.js';
import { ensureIndexes, retiredIndexes } from '../../models/shared/db/database.js';
import { watchExamined } from '../support/examined.js';
import { testDatabaseUri } from '../support/database.js';
import { seeded } from '../support/random-documents.js';

// The senders' due reads with a backlog, as a burst of warnings leaves one behind WeCom's per-member limit
// (15 a minute): each poll takes the oldest page in the order produced, and reads only that page, not the whole
// backlog sorted in memory. And the index the due reads used before is dropped from an older database.

const now = new Date('2026-12-04T02:00:00Z');
const minute = 60_000;

function message(i: number, random: () => number): Record<string, unknown> {
  const status = random() < 0.8 ? 'pending' : random() < 0.5 ? 'sending' : random() < 0.5 ? 'sent' : 'failed';
  // Due (most), backed off into the future, leased by a sender now, or with a lease that has run out.
  const nextAttemptAt = new Date(now.getTime() + (random() < 0.85 ? -1 : 1) * Math.floor(random() * 90) * minute);
  const lease = random();
  // No two alike, so the order is the sort's alone (MongoDB leaves ties unordered).
  const createdAt = new Date(now.getTime() - Math.floor(random() * 600) * minute - i);
  return {
    _id: `m${i}`,
    toUserId: `rep${i % 3}`,
    kind: 'warning',
    channel: random() < 0.7 ? 'wecom' : 'bot',
    payload: { msgtype: 'text', text: { content: `提醒 ${i}` } },
    status,
    attempts: 0,
    nextAttemptAt,
    leaseUntil: lease < 0.1 ? new Date(now.getTime() + minute) : lease < 0.2 ? new Date(now.getTime() - minute) : null,
    createdAt,
    updatedAt: createdAt,
  };
}

/** The page a sender should take, computed from every message: due, unheld, oldest first. */
function expectedPage(all: OutboundMessage[], channel: string, exclude: Set<string>, limit: number): string[] {
  return all
    .filter(
      (m) =>
        m.channel === channel &&
        (m.status === 'pending' || m.status === 'sending') &&
        m.nextAttemptAt.getTime() <= now.getTime() &&
        (!m.leaseUntil || m.leaseUntil.getTime() <= now.getTime()) &&
        !exclude.has(m._id),
    )
    .sort(
      (a, b) =>
        a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
    )
    .slice(0, limit)
    .map((m) => m._id);
}

describe('the outbox due reads with a backlog', () => {
  beforeAll(async () => {
    await mongoose.connect(testDatabaseUri(), { monitorCommands: true });
    await ensureIndexes();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  it('when 3,000 messages wait, then each sender takes its oldest due page and examines about that page only', async () => {
    const random = seeded(18);
    await OutboundMessageModel.collection.insertMany(Array.from({ length: 3000 }, (_, i) => message(i, random)));
    const all = await OutboundMessageModel.find().lean<OutboundMessage[]>();
    const dueWecom = expectedPage(all, 'wecom', new Set(), 10_000).length;
    expect(dueWecom).toBeGreaterThan(1000); // a backlog, not a page
    const watch = watchExamined(mongoose.connection.getClient());
    try {
      // The app sender, fresh and then holding its first page; the bot sender.
      const first = await dueWecomMessages(now);
      expect(first.map((m) => m._id)).toEqual(expectedPage(all, 'wecom', new Set(), 100));
      const held = first.map((m) => m._id);
      const next = await dueWecomMessages(now, held);
      expect(next.map((m) => m._id)).toEqual(expectedPage(all, 'wecom', new Set(held), 100));
      const bot = await dueBotMessages(now);
      expect(bot.map((m) => m._id)).toEqual(expectedPage(all, 'bot', new Set(), 100));
      const examined = watch.take();
      expect(examined.commands).toBe(3);
      expect(
        examined.plans.every((plan) => plan === 'outbound_messages:status_1_channel_1_nextAttemptAt_1_createdAt_1'),
      ).toBe(true);
      // The three pages are 300 messages; the walks pass over the held page once more, and over the leased and
      // backed-off ones among them, but nowhere near the backlog of more than 1,000 due.
      expect(examined.docs).toBeLessThan(600);
    } finally {
      watch.stop();
    }
  });

  it('when a database still has a retired index, then ensureIndexes drops it and keeps the declared ones', async () => {
    const db = mongoose.connection.db!;
    for (const { collection, name } of retiredIndexes) {
      await db.collection(collection).createIndex({ status: 1, nextAttemptAt: 1 }, { name });
    }
    const dropped = await ensureIndexes();
    expect(dropped.sort()).toEqual(retiredIndexes.map((r) => `${r.collection}.${r.name}`).sort());
    for (const { collection, name } of retiredIndexes) {
      const names = (await db.collection(collection).indexes()).map((index) => index.name);
      expect(names).not.toContain(name);
      expect(names.length).toBeGreaterThan(1);
    }
    expect((await db.collection('outbound_messages').indexes()).map((index) => index.name)).toContain(
      'status_1_channel_1_nextAttemptAt_1_createdAt_1',
    );
    // Run again (another instance starting): nothing left to drop, nothing fails.
    expect(await ensureIndexes()).toEqual([]);
  });
});
