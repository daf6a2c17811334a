import type { Types } from 'mongoose';
import type { ConflictCase } from './conflict-case.model.js';
import { CustomerModel } from '../../customers/customer.model.js';
import { DepartmentModel, type BusinessLine } from '../../org/department.model.js';
import { EmployeeModel } from '../../org/employee.model.js';
import { AppError } from '../../shared/app-error.js';
import { sideCriteria, type SideCriteria } from './case-criteria.js';
import { suggestRuling, type Suggestion } from './suggest-ruling.js';

export interface CaseAssessment {
  businessLine: BusinessLine;
  complainant: SideCriteria;
  respondent: SideCriteria;
  suggestion: Suggestion;
  assessedAt: Date;
}

/** The business line that weighs the ruling: that of the team holding the customer (SMB by default). */
export async function businessLineOf(departmentId: number | null | undefined): Promise<BusinessLine> {
  if (departmentId == null) {
    return 'SMB';
  }
  const department = await DepartmentModel.findOne({ deptId: departmentId }, { businessLine: 1 }).lean();
  return department?.businessLine ?? 'SMB';
}

/** Computes both sides' criteria and the suggested ruling as they stand now. */
export async function assessCase(conflict: ConflictCase, now: Date): Promise<CaseAssessment> {
  const people = await EmployeeModel.find(
    { _id: { $in: [conflict.complainantId, conflict.respondentId] } },
    { name: 1, userId: 1, mainDepartmentId: 1 },
  ).lean();
  const person = (id: Types.ObjectId) => {
    const found = people.find((p) => String(p._id) === String(id));
    if (!found) {
      throw new AppError('EMPLOYEE_NOT_FOUND', '找不到申诉相关的员工', { details: { employeeId: String(id) } });
    }
    return found;
  };
  const complainant = person(conflict.complainantId);
  const respondent = person(conflict.respondentId);
  const customer = await CustomerModel.findById(conflict.customerId, { ownerDepartmentId: 1 }).lean();
  const businessLine = await businessLineOf(customer?.ownerDepartmentId ?? respondent.mainDepartmentId);
  const complainantRecords = [
    conflict.customerId,
    ...(conflict.complainantCustomerId ? [conflict.complainantCustomerId] : []),
  ];
  const [c, r] = await Promise.all([
    sideCriteria(complainant, complainantRecords, now),
    sideCriteria(respondent, [conflict.customerId], now),
  ]);
  return {
    businessLine,
    complainant: c,
    respondent: r,
    suggestion: suggestRuling(conflict.kind, businessLine, c, r),
    assessedAt: now,
  };
}
