import type { Types } from 'mongoose';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import type { Employee } from '../org/employee.model.js';
import { transferCustomer } from '../pool/transfer-customer.js';
import type { DomainContext } from '../shared/domain-context.js';
import type { TransferKind } from './wecom-transfer.model.js';

// A handed-over customer with no WeCom contact of the departing rep has nothing to wait for in WeCom: the
// takeover rep inherits it at once, and hears of it through the outbox like one that came by transfer.

export const handoverLabel = (kind: TransferKind): string => (kind === 'resigned' ? '离职继承' : '在职继承');

/** 离职继承, or 离职继承（转岗到华南区） when ops gave a reason of their own. */
export function handoverWhy(kind: TransferKind, reason: string | null | undefined): string {
  const label = handoverLabel(kind);
  return reason && reason !== label ? `${label}（${reason}）` : label;
}

/** The takeover rep inherits the customer now (ledger action 'inherit') and is told. */
export async function inheritDirectly(
  input: { customerId: Types.ObjectId | string; handover: Employee; takeover: Employee; why: string },
  ctx: DomainContext,
): Promise<void> {
  const { handover, takeover, why } = input;
  const customer = await transferCustomer(
    {
      customerId: input.customerId,
      toEmployeeId: takeover._id,
      reason: `${why}：${handover.name} → ${takeover.name}`,
      action: 'inherit',
    },
    ctx,
  );
  await enqueueMessages(
    [
      {
        id: `handover:inherit:${String(customer._id)}:${takeover.userId}:${ctx.now.getTime()}`,
        toUserId: takeover.userId,
        kind: 'handover',
        payload: textMessage(
          `你已接手 ${handover.name} 的客户“${customer.name}”（${why}），客户已在你的私海中，请尽快跟进。`,
        ),
      },
    ],
    ctx.now,
  );
}
