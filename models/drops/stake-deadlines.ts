import { errorMessage, runBounded } from '../shared/run-bounded.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { fitList, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { instantDayLabel } from '../messages/format.js';
import { addNotice, flushNotices } from '../messages/pending-notices.js';
import type { NoticeItem } from '../messages/pending-notice.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { expireStake } from '../pool/stake-customer.js';

// Staking deadlines (占坑): a staked customer not greened (profile completed) by its deadline returns
// to the public pool, and the staker is told once, in one message per sweep.

export interface StakeDeadlineResult {
  due: number;
  expired: number;
  failed: { customerId: string; error: string }[];
  messages: EmployeeMessage[];
  wouldExpire?: { customerId: string; name: string; stakedBy: string }[];
}

type DueStake = Pick<Customer, '_id' | 'name' | 'stakedBy' | 'stakeDeadline'>;

export function renderStakeNotice(items: NoticeItem[], timeZone: string): ReturnType<typeof markdown> {
  const lines = items.map((item, i) => `> ${i + 1}. **${item.customerName}**：${item.detail}`);
  return markdown(
    fitList(
      `**占坑到期通知**\n以下 ${items.length} 个占坑客户在期限内没有完成绿化（补全客户画像），已退回公海：`,
      lines,
      `（${instantDayLabel(items[0]?.at ?? new Date(), timeZone)}）想继续跟进可以在公海重新占坑或认领。`,
      (hidden) => `> ……另有 ${hidden} 个，请在小程序查看`,
    ),
  );
}

export async function expireDueStakes(
  options: { dryRun?: boolean; concurrency?: number; maxCustomers?: number },
  ctx: DomainContext,
): Promise<StakeDeadlineResult> {
  const due = await CustomerModel.find(
    { poolState: 'staked', greenedAt: null, stakeDeadline: { $lte: ctx.now } },
    { _id: 1, name: 1, stakedBy: 1, stakeDeadline: 1 },
  )
    .limit(options.maxCustomers ?? 50_000)
    .lean<DueStake[]>();
  if (options.dryRun) {
    return {
      due: due.length,
      expired: 0,
      failed: [],
      messages: [],
      wouldExpire: due.map((c) => ({ customerId: String(c._id), name: c.name, stakedBy: String(c.stakedBy) })),
    };
  }
  let expired = 0;
  const failures = await runBounded(due, options.concurrency ?? 8, async (candidate) => {
    const after = await expireStake({ customerId: candidate._id }, ctx);
    if (!after || !candidate.stakedBy) {
      return;
    }
    expired++;
    await addNotice('stake-expire', candidate.stakedBy, {
      key: `${String(after._id)}:${after.version}`,
      customerId: after._id,
      customerName: after.name,
      reason: 'stake-expire',
      detail: `绿化期限${instantDayLabel(new Date(candidate.stakeDeadline!.getTime() - 1), ctx.config.timezone)}已过`,
      at: ctx.now,
    });
  });
  const messages = await flushNotices(
    'stake-expire',
    (items) => renderStakeNotice(items, ctx.config.timezone),
    ctx.now,
  );
  return {
    due: due.length,
    expired,
    failed: failures.map((f) => ({ customerId: String(f.item._id), error: errorMessage(f.error) })),
    messages,
  };
}
