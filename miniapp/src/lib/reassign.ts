import { api, errorMessage } from './api';
import type { ReassignTargetsAnswer } from './api-types.generated';
import { tell, toastDone } from './notify';

// 转交 on the customer page: the server lists whom the viewer may move the customer to (its policy
// decides each); the manager picks one and the customer moves, within the receiver's capacity.

export type ReassignTarget = ReassignTargetsAnswer['targets'][number];

/** Whom the viewer may move the customer to; empty for reps (no 转交 button). */
export async function reassignTargets(customerId: string): Promise<ReassignTarget[]> {
  try {
    return (await api<ReassignTargetsAnswer>('GET', `/api/customers/${customerId}/reassign-targets`)).targets;
  } catch {
    return [];
  }
}

/** Asks whom to move the customer to and moves it; answers whether it moved. */
export async function pickAndReassign(customerId: string, targets: ReassignTarget[]): Promise<boolean> {
  const { tapIndex } = await wx.showActionSheet({
    itemList: targets.map((t) => `${t.name}（${t.used}/${t.capacity}）`),
  });
  const target = targets[tapIndex];
  if (!target) return false;
  try {
    await api('POST', '/api/customers/reassign', {
      customerIds: [customerId],
      toEmployeeId: target.id,
      reason: '主管转交',
    });
    toastDone(`已转交给${target.name}`);
    return true;
  } catch (error) {
    tell(errorMessage(error));
    return false;
  }
}
