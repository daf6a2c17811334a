import { DepartmentModel } from './department.model.js';
import { EmployeeModel, type Employee } from './employee.model.js';

// Who hears about what: a rep's managers (the leaders of their team, or of the nearest team above
// that has one), and sales operations (ops, or admins when a company has no ops role yet).

export async function managersOf(
  employee: Pick<Employee, '_id' | 'mainDepartmentId' | 'departmentIds'>,
): Promise<Employee[]> {
  let departmentId = employee.mainDepartmentId ?? employee.departmentIds[0] ?? null;
  for (let depth = 0; departmentId !== null && depth < 32; depth++) {
    const leaders = (
      await EmployeeModel.find({ leaderOfDepartmentIds: departmentId, status: 'active' }).lean<Employee[]>()
    ).filter((leader) => String(leader._id) !== String(employee._id));
    if (leaders.length > 0) {
      return leaders;
    }
    const department = await DepartmentModel.findOne({ deptId: departmentId }, { parentId: 1 }).lean();
    departmentId = department?.parentId ?? null;
  }
  return [];
}

export async function opsRecipients(): Promise<Employee[]> {
  const ops = await EmployeeModel.find({ role: 'ops', status: 'active' }).lean<Employee[]>();
  return ops.length > 0 ? ops : EmployeeModel.find({ role: 'admin', status: 'active' }).lean<Employee[]>();
}
