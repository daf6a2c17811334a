import type { Types } from 'mongoose';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { groupCommit } from '../shared/group-commit.js';

// Taking a unit of an employee's private capacity or staking allowance before a change (counters.ts says how
// counters are kept): one conditional update with the limit in its filter, so concurrent reservations on any
// instance can never pass the limit, stamping `reservedAt` for the reconciler.

export type PoolCounter = 'privateCount' | 'stakedCount';

/** Takes `units` at once, only if all of them fit under the limit. */
async function reserveUnits(employeeId: Types.ObjectId, counter: PoolCounter, limit: number, units: number) {
  const reserved = await EmployeeModel.findOneAndUpdate(
    { _id: employeeId, status: 'active', [counter]: { $lte: limit - units } },
    { $inc: { [counter]: units }, $set: { reservedAt: new Date() } },
    { returnDocument: 'after', projection: { _id: 1 } },
  ).lean();
  return reserved !== null;
}

type Reservation = { employeeId: Types.ObjectId; counter: PoolCounter; limit: number };
type Holder = Pick<Employee, '_id' | 'name' | 'status' | PoolCounter>;
/** Reserved; refused as the holder was read after the update missed (null: no such employee); or try alone. */
type Answer = 'reserved' | { refused: Holder | null } | 'alone';

/**
 * After a group's update missed: the holder as read now says how many of its members still fit. None fit: all are
 * refused, as at that read. Some fit: the first ones take them in one conditional update; if that misses too (the
 * counter moved meanwhile), each member tries one unit alone.
 */
async function settleMissed(ask: Reservation, members: number[], holder: Holder | null, answers: Answer[]) {
  const room = holder && holder.status === 'active' ? ask.limit - holder[ask.counter] : 0;
  const fitting = Math.min(Math.max(room, 0), members.length);
  if (fitting === members.length) {
    members.forEach((i) => (answers[i] = 'alone'));
    return;
  }
  const taken = fitting > 0 && (await reserveUnits(ask.employeeId, ask.counter, ask.limit, fitting));
  members.forEach((i, n) => {
    if (fitting > 0 && !taken) {
      answers[i] = 'alone';
    } else {
      // Those that did not fit see the counter as the update that filled it left it.
      const full = holder && fitting > 0 ? { ...holder, [ask.counter]: ask.limit } : holder;
      answers[i] = n < fitting ? 'reserved' : { refused: full };
    }
  });
}

/**
 * Reservations asked for at the same moment (a burst of WeCom leads for one rep) on one counter share one
 * conditional update taking all their units, or none of them. The holders of groups that missed are read in one
 * read, which says how many of each group still fit (settleMissed): a burst past a full pool costs no write each.
 */
const reserveTogether = groupCommit<Reservation, Answer>(async (asks) => {
  const groups = new Map<string, number[]>();
  asks.forEach((r, i) => {
    const key = `${String(r.employeeId)}:${r.counter}:${r.limit}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const answers: Answer[] = asks.map(() => 'alone');
  const missed: number[][] = [];
  await Promise.all(
    [...groups.values()].map(async (members) => {
      const { employeeId, counter, limit } = asks[members[0]!]!;
      if (await reserveUnits(employeeId, counter, limit, members.length)) {
        members.forEach((i) => (answers[i] = 'reserved'));
      } else {
        missed.push(members);
      }
    }),
  );
  if (missed.length > 0) {
    const ids = [...new Set(missed.map((members) => String(asks[members[0]!]!.employeeId)))];
    const holders = await EmployeeModel.find(
      { _id: { $in: ids } },
      { name: 1, status: 1, privateCount: 1, stakedCount: 1 },
    ).lean<Holder[]>();
    const byId = new Map(holders.map((h) => [String(h._id), h]));
    await Promise.all(
      missed.map((members) => {
        const ask = asks[members[0]!]!;
        return settleMissed(ask, members, byId.get(String(ask.employeeId)) ?? null, answers);
      }),
    );
  }
  return answers;
});

/** Takes one unit of the employee's capacity, or throws POOL_CAPACITY_FULL / STAKE_CAPACITY_FULL. */
export async function reserveCapacity(employeeId: Types.ObjectId, counter: PoolCounter, limit: number): Promise<void> {
  const answer = await reserveTogether({ employeeId, counter, limit });
  if (answer === 'reserved') {
    return;
  }
  let employee: Holder | null;
  if (answer === 'alone') {
    if (await reserveUnits(employeeId, counter, limit, 1)) {
      return;
    }
    employee = await EmployeeModel.findById(employeeId, { name: 1, status: 1, [counter]: 1 }).lean<Holder>();
  } else {
    employee = answer.refused;
  }
  throw capacityRefusal(employee, counter, limit, employeeId);
}

function capacityRefusal(
  employee: Holder | null,
  counter: PoolCounter,
  limit: number,
  employeeId: Types.ObjectId,
): AppError {
  if (!employee) {
    return new AppError('EMPLOYEE_NOT_FOUND', '找不到该员工');
  }
  if (employee.status !== 'active') {
    return new AppError('EMPLOYEE_INACTIVE', `${employee.name} 已离职，不能再持有客户`);
  }
  const used = employee[counter];
  if (counter === 'privateCount') {
    return new AppError('POOL_CAPACITY_FULL', `私海库容已满（${used}/${limit}），请先释放一个客户再认领`, {
      details: { used, limit, employeeId: String(employeeId) },
    });
  }
  return new AppError('STAKE_CAPACITY_FULL', `占坑数量已达上限（${used}/${limit}）`, { details: { used, limit } });
}
