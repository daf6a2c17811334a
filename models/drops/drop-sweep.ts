import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { fitList, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { instantDayLabel } from '../messages/format.js';
import { flushNotices } from '../messages/pending-notices.js';
import type { NoticeItem } from '../messages/pending-notice.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { dropBatch, releaseOwners } from './drop-batch.js';
import { dropFields, type DroppedCustomer } from './drop-customer.js';
import { poolRulesResolver } from '../pool/pool-rules.js';

// The drop sweep (掉保): every private customer whose protection has run out returns to the public
// pool, and each previous owner gets one message listing what they lost and why.

export interface DropSweepOptions {
  dryRun?: boolean;
  /** Upper bound of customers handled in one run; the rest wait for the next run. */
  maxCustomers?: number;
  /** Drops in flight at once. */
  concurrency?: number;
}

export interface DropSweepResult {
  due: number;
  dropped: number;
  /** Due when listed but saved or changed before the drop (a follow-up, a lock, a claim race). */
  skipped: number;
  failed: { customerId: string; error: string }[];
  messages: EmployeeMessage[];
  /** Dry run: what would drop. */
  wouldDrop?: { customerId: string; name: string; ownerId: string; reason: string }[];
}

// Customers per batch: one read, one ledger insert, one notice insert; one counter update per rep per sweep.
const BATCH = 300;

type DueCustomer = Pick<
  Customer,
  '_id' | 'name' | 'ownerId' | 'ownerDepartmentId' | 'grade' | 'protectedUntil' | 'dropReason'
>;

// Locked and signed customers have no protectedUntil; the extra conditions keep it so if one slips through.
const dueFilter = (now: Date) => ({
  poolState: 'private' as const,
  protectedUntil: { $lte: now },
  locked: { $ne: true },
  stage: { $ne: 'signed' as const },
});

/** Private customers whose protection ended by `now`: one pass of a cursor, ids and names only (a dry run). */
async function dueCustomers(now: Date, max: number): Promise<DueCustomer[]> {
  const due: DueCustomer[] = [];
  const cursor = CustomerModel.find(dueFilter(now), {
    ...{ _id: 1, name: 1, ownerId: 1, ownerDepartmentId: 1, grade: 1, protectedUntil: 1, dropReason: 1 },
  })
    .lean<DueCustomer[]>()
    .batchSize(1000)
    .cursor();
  for await (const customer of cursor) {
    due.push(customer);
    if (due.length >= max) {
      break;
    }
  }
  await cursor.close();
  return due;
}

/**
 * The due customers, a batch at a time, with the fields a drop reads: the read that finds them is the one each
 * batch decides on (a customer changed since is caught by the drop's version filter and decided again on its own).
 */
async function* dueBatches(now: Date, max: number): AsyncGenerator<Customer[]> {
  const cursor = CustomerModel.find(dueFilter(now), dropFields).lean<Customer[]>().batchSize(BATCH).cursor();
  let batch: Customer[] = [];
  let seen = 0;
  try {
    for await (const customer of cursor) {
      batch.push(customer);
      seen += 1;
      if (batch.length >= BATCH || seen >= max) {
        yield batch;
        batch = [];
      }
      if (seen >= max) {
        break;
      }
    }
    if (batch.length > 0) {
      yield batch;
    }
  } finally {
    await cursor.close();
  }
}

export function renderDropNotice(items: NoticeItem[], timeZone: string): ReturnType<typeof markdown> {
  const lines = items.map(
    (item, i) =>
      `> ${i + 1}. **${item.customerName}**：${item.detail}（${instantDayLabel(item.at, timeZone)}退回公海）`,
  );
  return markdown(
    fitList(
      `**客户掉保通知**\n以下 ${items.length} 个客户保护期已到，已退回公海：`,
      lines,
      '冷静期内你不能重新认领这些客户；客户资料和跟进记录已保留给下一位负责人。',
      (hidden) => `> ……另有 ${hidden} 个，请在小程序“我的客户”查看掉保记录`,
    ),
  );
}

/** Drops every due customer and tells each previous owner once. Safe to run twice or concurrently. */
export async function sweepDrops(options: DropSweepOptions, ctx: DomainContext): Promise<DropSweepResult> {
  const rules = poolRulesResolver(ctx.config);
  const max = options.maxCustomers ?? 50_000;
  const render = (items: NoticeItem[]) => renderDropNotice(items, ctx.config.timezone);
  if (options.dryRun) {
    const due = await dueCustomers(ctx.now, max);
    const wouldDrop = due.map((c) => ({
      customerId: String(c._id),
      name: c.name,
      ownerId: String(c.ownerId),
      reason: c.dropReason ?? '',
    }));
    return { due: due.length, dropped: 0, skipped: 0, failed: [], messages: [], wouldDrop };
  }

  const dropped: DroppedCustomer[] = [];
  const failed: DropSweepResult['failed'] = [];
  let due = 0;
  const batches = dueBatches(ctx.now, max);
  let next = batches.next();
  try {
    for (let read = await next; !read.done; read = await next) {
      // The next batch is read while this one is written.
      next = batches.next();
      next.catch(() => undefined); // awaited above; a failure surfaces there
      due += read.value.length;
      const batch = await dropBatch(read.value, ctx, rules, options.concurrency ?? 8, { releaseOwners: false });
      dropped.push(...batch.dropped);
      failed.push(...batch.failed);
    }
  } finally {
    // Stops the read ahead (and closes its cursor) when a batch failed.
    await next.catch(() => undefined);
    await batches.return(undefined);
    // One capacity update per owner for the whole sweep (an owner's customers span many batches); a crash
    // before it leaves counters too high, which the reconciler repairs.
    await releaseOwners(dropped);
  }
  // Also sends what an interrupted earlier sweep dropped but did not get to tell.
  const messages = await flushNotices('drop', render, ctx.now);
  return {
    due,
    dropped: dropped.length,
    skipped: due - dropped.length - failed.length,
    failed,
    messages,
  };
}
