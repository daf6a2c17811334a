import type { Actor } from '../shared/domain-context.js';
import { recordAudit } from './audit.js';
import { EmployeeModel, type Employee, type Role } from './employee.model.js';

// The first admins and ops of the console: named at start-up (the corp's app administrators,
// ADMIN_USER_IDS, local mode's demo ops member). A grant only raises a role, and never touches an
// employee whose role someone changed in the console (roleAssignedAt): that choice stands.

const rank: Record<Role, number> = { rep: 0, manager: 1, ops: 2, admin: 3 };

export async function grantStartupRoles(
  grants: readonly { userId: string; role: Role }[],
  actor: Actor,
  now: Date,
): Promise<{ userId: string; role: Role }[]> {
  const granted: { userId: string; role: Role }[] = [];
  for (const grant of grants) {
    const employee = await EmployeeModel.findOne({ userId: grant.userId }).lean<Employee>();
    if (!employee || employee.roleAssignedAt || rank[employee.role] >= rank[grant.role]) {
      continue;
    }
    const updated = await EmployeeModel.updateOne(
      { _id: employee._id, role: employee.role, roleAssignedAt: null },
      { $set: { role: grant.role } },
    );
    if (updated.modifiedCount === 1) {
      await recordAudit(
        {
          action: 'role',
          subject: `employee:${grant.userId}`,
          before: { role: employee.role },
          after: { role: grant.role },
          reason: '启动时授予（企业微信应用管理员 / ADMIN_USER_IDS / 本地演示）',
        },
        actor,
        now,
      );
      granted.push(grant);
    }
  }
  return granted;
}
