import { CustomerModel } from '../customers/customer.model.js';
import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee, type Role } from '../org/employee.model.js';
import { enqueueMessage, textMessage } from '../messages/enqueue-message.js';
import { opsRecipients } from '../org/recipients.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';

// Keeps employees and departments in step with the WeCom address book (change_contact events and the
// re-sync). Roles the product assigns (ops, admin) are never overwritten; team leaders become managers.

export interface WecomMember {
  userid: string;
  name?: string;
  department?: number[];
  main_department?: number;
  is_leader_in_dept?: number[];
  position?: string;
  mobile?: string;
  email?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number;
}

function roleFor(member: WecomMember, current: Role | undefined): Role | undefined {
  if (current === 'ops' || current === 'admin') {
    return current;
  }
  if (!member.is_leader_in_dept) {
    return current;
  }
  return member.is_leader_in_dept.some((flag) => flag === 1) ? 'manager' : 'rep';
}

/** Creates or updates the employee for a WeCom member; only fields WeCom sent are changed. */
export async function upsertEmployee(
  member: WecomMember,
  now: Date,
): Promise<{ employee: Employee; created: boolean }> {
  const current = await EmployeeModel.findOne({ userId: member.userid }).lean<Employee>();
  const set: Partial<Employee> = {};
  if (member.name) {
    set.name = member.name;
  }
  if (member.department) {
    set.departmentIds = member.department;
    set.mainDepartmentId = member.main_department ?? member.department[0] ?? null;
    set.leaderOfDepartmentIds = member.department.filter((_, i) => member.is_leader_in_dept?.[i] === 1);
  } else if (member.main_department) {
    set.mainDepartmentId = member.main_department;
  }
  for (const field of ['position', 'mobile', 'email'] as const) {
    if (member[field] !== undefined) {
      set[field] = member[field];
    }
  }
  const role = roleFor(member, current?.role);
  if (role) {
    set.role = role;
  }
  if (member.status === 5 && current?.status !== 'resigned') {
    Object.assign(set, { status: 'resigned', resignedAt: now });
  }
  const upsert = () =>
    EmployeeModel.findOneAndUpdate(
      { userId: member.userid },
      { $set: set, $setOnInsert: { userId: member.userid, ...(set.name ? {} : { name: member.userid }) } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<Employee>();
  // Two first sightings of a member at once: one insert wins, the other updates it.
  let employee: Employee | null;
  try {
    employee = await upsert();
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
    employee = await upsert();
  }
  return { employee: employee, created: !current };
}

/** WeCom changed a member's userid (NewUserID). */
export async function renameEmployee(oldUserId: string, newUserId: string): Promise<void> {
  await EmployeeModel.updateOne({ userId: oldUserId }, { $set: { userId: newUserId } });
}

/**
 * A member left the company: the employee is marked resigned (their sessions stop working) and
 * sales ops is told how many customers now wait for a handover (离职继承).
 */
export async function resignEmployee(
  userId: string,
  now: Date,
  messageKey: string,
): Promise<{ known: boolean; awaitingHandover: number }> {
  const employee = await EmployeeModel.findOneAndUpdate(
    { userId },
    { $set: { status: 'resigned', resignedAt: now } },
    { returnDocument: 'before' },
  ).lean<Employee>();
  if (!employee) {
    return { known: false, awaitingHandover: 0 };
  }
  const awaitingHandover = await CustomerModel.countDocuments({ ownerId: employee._id, poolState: 'private' });
  if (employee.status !== 'resigned') {
    for (const ops of await opsRecipients()) {
      await enqueueMessage(
        {
          id: `${messageKey}:resigned:${ops.userId}`,
          toUserId: ops.userId,
          kind: 'handover',
          payload: textMessage(
            `${employee.name} 已离职，名下 ${awaitingHandover} 个私海客户待交接。请在管理端为每个客户指定接手人或释放到公海（离职继承）。`,
          ),
        },
        now,
      );
    }
  }
  return { known: true, awaitingHandover };
}

export async function upsertDepartment(input: {
  id: number;
  name?: string;
  parentid?: number;
  order?: number;
}): Promise<{ created: boolean }> {
  const set: Record<string, unknown> = { deleted: false };
  if (input.name) {
    set.name = input.name;
  }
  if (input.parentid !== undefined) {
    set.parentId = input.parentid === 0 ? null : input.parentid;
  }
  if (input.order !== undefined) {
    set.order = input.order;
  }
  const before = await DepartmentModel.findOneAndUpdate(
    { deptId: input.id },
    { $set: set, $setOnInsert: { deptId: input.id, ...(input.name ? {} : { name: `部门${input.id}` }) } },
    { upsert: true, returnDocument: 'before' },
  ).lean();
  return { created: !before };
}

export async function deleteDepartment(id: number): Promise<void> {
  await DepartmentModel.updateOne({ deptId: id }, { $set: { deleted: true } });
}
