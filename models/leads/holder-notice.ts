import type { Customer } from '../customers/customer.model.js';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { sameId } from '../org/permissions.js';
import { holderOf } from '../org/policy/policy.js';

// A second rep adding a client of a customer someone holds is how a collision (撞单) starts: the holder
// hears who added whom, once per client and rep (WeCom resends and re-adds are not news), through the
// one outbox. The customer stays with the holder.

/** Tells the holder of the customer (if it is not the rep who added the contact) about the new relation. */
export async function tellHolderOfNewRelation(
  input: { customer: Customer; rep: Employee; contactName: string; externalUserId: string },
  now: Date,
): Promise<void> {
  const { customer, rep } = input;
  const holderId = holderOf(customer);
  if (!holderId || sameId(holderId, rep._id)) {
    return;
  }
  const holder = await EmployeeModel.findById(holderId, { userId: 1, status: 1 }).lean<Employee>();
  if (!holder || holder.status !== 'active') {
    return;
  }
  const held = customer.poolState === 'staked' ? '你占坑的客户' : '你的客户';
  await enqueueMessages(
    [
      {
        id: `wecom-lead:holder:${String(customer._id)}:${input.externalUserId}:${rep.userId}`,
        toUserId: holder.userId,
        kind: 'wecom-lead',
        payload: textMessage(
          `${rep.name} 在企业微信添加了${held}“${customer.name}”的联系人“${input.contactName || '客户'}”。客户仍在你名下；如属撞单，请与其沟通或联系主管。`,
        ),
      },
    ],
    now,
  );
}
