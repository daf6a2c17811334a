import { EmployeeModel, type Role } from '../../models/org/employee.model.js';

// `demo corp`: the emulated corp as a newcomer needs it — each team with who leads it, each member with
// their team, position and role in the CRM (from the database, as the server synced it).

interface CorpAnswer {
  corpId: string;
  departments: { id: number; name: string; parentid?: number }[];
  users: {
    userid: string;
    name: string;
    department?: number[];
    is_leader_in_dept?: number[];
    position?: string;
    status?: number;
  }[];
}

const roleLabels: Record<Role, string> = { rep: '销售', manager: '主管', ops: '销售运营', admin: '管理员' };

export async function corpView(corp: CorpAnswer): Promise<unknown> {
  const employees = await EmployeeModel.find({}, { userId: 1, role: 1 }).lean();
  const roleOf = new Map(employees.map((e) => [e.userId, e.role]));
  const deptName = new Map(corp.departments.map((d) => [d.id, d.name]));
  const leadsOf = (u: CorpAnswer['users'][number]) =>
    (u.department ?? []).filter((_, i) => u.is_leader_in_dept?.[i] === 1);
  return {
    corpId: corp.corpId,
    teams: corp.departments.map((d) => ({
      id: d.id,
      name: d.name,
      parent: d.parentid ? deptName.get(d.parentid) : undefined,
      leaders: corp.users.filter((u) => leadsOf(u).includes(d.id)).map((u) => `${u.name}（${u.userid}）`),
      members: corp.users.filter((u) => u.department?.includes(d.id)).map((u) => u.userid),
    })),
    members: corp.users.map((u) => {
      const role = roleOf.get(u.userid);
      return {
        userid: u.userid,
        name: u.name,
        teams: (u.department ?? []).map((id) => deptName.get(id) ?? String(id)),
        position: u.position,
        leads: leadsOf(u).map((id) => deptName.get(id) ?? String(id)),
        role: role ? roleLabels[role] : '未同步',
        status: u.status === 5 ? '已离职' : u.status === 1 ? '在职' : `状态 ${u.status}`,
      };
    }),
  };
}
