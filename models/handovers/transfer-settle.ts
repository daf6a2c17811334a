import { ContactModel } from '../customers/contact.model.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { isAppError } from '../shared/app-error.js';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import { opsRecipients } from '../org/recipients.js';
import type { DomainContext } from '../shared/domain-context.js';
import { sameId } from '../org/permissions.js';
import { moveToPublic } from '../pool/release-customer.js';
import { transferCustomer } from '../pool/transfer-customer.js';
import { WecomTransferModel, type TransferStatus, type WecomTransfer } from './wecom-transfer.model.js';
import { changeContact } from '../wecom/upsert-contact.js';
import { handoverLabel, handoverWhy } from './direct-inheritance.js';

// Settling a WeCom transfer once WeCom has decided (transfer_result, or a transfer_fail callback):
// on success the CRM customer is inherited by the takeover rep (ledger action 'inherit'); on a
// refusal the friend stays where it was, ops is told, and a departed rep's customer goes to the
// public pool rather than stay with someone who has left. Applying an outcome is safe to repeat.

export type TransferOutcome = Exclude<TransferStatus, 'pending' | 'waiting'>;

const outcomeText: Record<Exclude<TransferOutcome, 'done'>, string> = {
  refused: '客户拒绝了转接',
  'takeover-full': '接手人的企业微信客户数已达上限',
  quota: '该客户 90 天内已被转接 2 次',
  failed: '企业微信未能转接',
};

/** Records WeCom's verdict on an open transfer (once) and applies it. Returns false if it was not open. */
export async function settleTransfer(
  input: {
    transferId: string;
    status: TransferOutcome;
    at: Date;
    errcode?: number;
    wecomStatus?: number;
    reason?: string;
  },
  ctx: DomainContext,
): Promise<boolean> {
  const settled = await WecomTransferModel.findOneAndUpdate(
    { _id: input.transferId, status: { $in: ['pending', 'waiting'] } },
    {
      $set: {
        status: input.status,
        settledAt: input.at,
        errcode: input.errcode ?? 0,
        wecomStatus: input.wecomStatus ?? null,
        reason: input.reason ?? (input.status === 'done' ? '' : outcomeText[input.status]),
      },
      $unset: { openKey: 1 },
    },
    { returnDocument: 'after' },
  ).lean<WecomTransfer>();
  await applyTransferOutcome(input.transferId, ctx);
  return settled !== null;
}

/** Applies a settled transfer to the CRM and tells people; a no-op once applied. */
export async function applyTransferOutcome(transferId: string, ctx: DomainContext): Promise<void> {
  const transfer = await WecomTransferModel.findById(transferId).lean<WecomTransfer>();
  if (!transfer || transfer.applied || transfer.status === 'pending' || transfer.status === 'waiting') {
    return;
  }
  const [handover, takeover] = await Promise.all([
    EmployeeModel.findOne({ userId: transfer.handoverUserId }).lean<Employee>(),
    EmployeeModel.findOne({ userId: transfer.takeoverUserId }).lean<Employee>(),
  ]);
  const contact = await ContactModel.findOne(
    { externalUserId: transfer.externalUserId },
    { name: 1, corpName: 1 },
  ).lean();
  const who = contact
    ? contact.corpName
      ? `${contact.name}（${contact.corpName}）`
      : contact.name
    : transfer.externalUserId;
  const customer = transfer.customerId ? await CustomerModel.findById(transfer.customerId).lean<Customer>() : null;
  const stillWithHandover =
    customer && handover && customer.poolState === 'private' && sameId(customer.ownerId, handover._id);
  const label = handoverWhy(transfer.kind, transfer.handoverReason);
  const settling: Settling = {
    transfer,
    handover,
    takeover,
    customer: stillWithHandover ? customer : null,
    who,
    label,
    key: `transfer:${transferId}`,
    system: { ...ctx, actor: { kind: 'wecom', name: handoverLabel(transfer.kind) } },
  };
  await (transfer.status === 'done' ? applyDone(settling, ctx) : applyNotDone(settling, ctx));
  await WecomTransferModel.updateOne({ _id: transfer._id }, { $set: { applied: true } });
}

/** Everything an outcome is applied with; `customer` is set only while the departing rep still holds it. */
interface Settling {
  transfer: WecomTransfer;
  handover: Employee | null;
  takeover: Employee | null;
  customer: Customer | null;
  who: string;
  label: string;
  key: string;
  system: DomainContext;
}

/** The friend moved in WeCom: the takeover rep inherits the customer in the CRM too. */
async function applyDone(s: Settling, ctx: DomainContext): Promise<void> {
  const { transfer, handover, takeover, customer, who, label, key, system } = s;
  await moveRelation(transfer, ctx.now);
  if (customer && handover && takeover) {
    try {
      await transferCustomer(
        {
          customerId: customer._id,
          toEmployeeId: takeover._id,
          action: 'inherit',
          reason: `${label}：${handover.name} → ${takeover.name}`,
        },
        system,
      );
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      // The friend moved in WeCom but the rep cannot hold the customer (e.g. full): ops decides.
      if (handover.status === 'resigned') {
        await moveToPublic(customer._id, system, {
          action: 'release',
          reason: `${label}：接手人无法接收（${error.message}），释放到公海`,
        });
      }
      await tellOps(
        `${key}:crm-failed`,
        `${label}：客户“${customer.name}”的企业微信好友已转给 ${takeover.name}，但客户未能分配给他（${error.message}）。请另行处理。`,
        ctx.now,
      );
    }
  }
  if (takeover) {
    await enqueueMessages(
      [
        {
          id: `${key}:done`,
          toUserId: takeover.userId,
          kind: 'handover',
          payload: textMessage(
            `你已接手 ${handover?.name ?? transfer.handoverUserId} 的客户 ${who}（${label}），请尽快跟进。`,
          ),
        },
      ],
      ctx.now,
    );
  }
}

/** WeCom did not move the friend: ops is told, and a departed rep's customer goes to the pool. */
async function applyNotDone(s: Settling, ctx: DomainContext): Promise<void> {
  const { transfer, handover, takeover, customer, who, label, key, system } = s;
  const why = transfer.reason || outcomeText[transfer.status as Exclude<TransferOutcome, 'done'>];
  const others = transfer.customerId
    ? await WecomTransferModel.countDocuments({
        customerId: transfer.customerId,
        _id: { $ne: transfer._id },
        status: { $in: ['pending', 'waiting', 'done'] },
      })
    : 0;
  let released = false;
  if (customer && handover?.status === 'resigned' && others === 0) {
    await moveToPublic(customer._id, system, { action: 'release', reason: `${label}未完成（${why}），释放到公海` });
    released = true;
  }
  await tellOps(
    `${key}:${transfer.status}`,
    `${label}未完成：客户 ${who} 从 ${handover?.name ?? transfer.handoverUserId} 转给 ${takeover?.name ?? transfer.takeoverUserId} 失败（${why}）。${released ? '该客户已释放到公海。' : '请另行安排。'}`,
    ctx.now,
  );
  if (takeover && transfer.status === 'refused') {
    await enqueueMessages(
      [
        {
          id: `${key}:refused`,
          toUserId: takeover.userId,
          kind: 'handover',
          payload: textMessage(`客户 ${who} 拒绝了企业微信好友转接（${label}），请通过其他方式联系。`),
        },
      ],
      ctx.now,
    );
  }
}

/** Our copy of the WeCom relation: the handover's ended by transfer, the takeover's begins. */
async function moveRelation(transfer: WecomTransfer, now: Date): Promise<void> {
  const at = transfer.settledAt ?? now;
  await changeContact(transfer.externalUserId, (current) => {
    const from = current.followUsers.find((f) => f.userId === transfer.handoverUserId);
    const hasTakeover = current.followUsers.some((f) => f.userId === transfer.takeoverUserId && !f.removedAt);
    if ((!from || from.removedBy) && hasTakeover) {
      return null;
    }
    // The handover's relation ends by transfer (a refresh may already have seen it gone, cause unknown).
    const followUsers = current.followUsers
      .filter((f) => f.userId !== transfer.takeoverUserId || !f.removedAt)
      .map((f) =>
        f.userId === transfer.handoverUserId && !f.removedBy
          ? { ...f, removedAt: f.removedAt ?? at, removedBy: 'transfer' as const }
          : f,
      );
    if (!hasTakeover) {
      followUsers.push({
        employeeId: null,
        userId: transfer.takeoverUserId,
        remark: from?.remark ?? '',
        description: from?.description ?? '',
        addWay: 202,
        state: from?.state ?? '',
        tags: from?.tags ?? [],
        addedAt: at,
        removedAt: null,
        removedBy: null,
      });
    }
    return { followUsers, lostAt: null };
  });
}

async function tellOps(id: string, text: string, now: Date): Promise<void> {
  for (const ops of await opsRecipients()) {
    await enqueueMessages(
      [{ id: `${id}:${ops.userId}`, toUserId: ops.userId, kind: 'alert', payload: textMessage(text) }],
      now,
    );
  }
}
