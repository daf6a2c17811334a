import type { Types } from 'mongoose';
import { ConflictCaseModel, type CaseStatus, type ConflictCase } from './conflict-case.model.js';
import { EmployeeModel, type Employee } from '../../org/employee.model.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee, managedDepartmentIds, sameId, seesEverything } from '../../org/permissions.js';
import { assessCase, type CaseAssessment } from './assess-case.js';
import { caseKindLabels } from './file-case.js';

// Who sees which complaints: both parties, the managers of either party's team, and sales ops.

export interface CaseView {
  id: string;
  customerId: string;
  customerName: string;
  kind: ConflictCase['kind'];
  kindLabel: string;
  reason: string;
  status: CaseStatus;
  filedAt: Date;
  complainant: { id: string; name: string };
  respondent: { id: string; name: string };
  complainantCustomerId: string | null;
  ruling: ConflictCase['ruling'];
}

export interface CaseDetail extends CaseView {
  /** Live for open cases, as ruled for closed ones. */
  assessment: CaseAssessment | null;
}

async function visibleParties(viewer: Employee): Promise<'all' | Types.ObjectId[]> {
  if (seesEverything(viewer)) {
    return 'all';
  }
  if (viewer.role !== 'manager') {
    return [viewer._id];
  }
  const departments = [...(await managedDepartmentIds(viewer))];
  const team = await EmployeeModel.find({ mainDepartmentId: { $in: departments } }, { _id: 1 }).lean();
  return [viewer._id, ...team.map((e) => e._id)];
}

async function views(cases: ConflictCase[]): Promise<CaseView[]> {
  const ids = [...new Set(cases.flatMap((c) => [String(c.complainantId), String(c.respondentId)]))];
  const names = new Map(
    (await EmployeeModel.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((e) => [String(e._id), e.name]),
  );
  return cases.map((c) => ({
    id: String(c._id),
    customerId: String(c.customerId),
    customerName: c.customerName,
    kind: c.kind,
    kindLabel: caseKindLabels[c.kind],
    reason: c.reason,
    status: c.status,
    filedAt: c.filedAt,
    complainant: { id: String(c.complainantId), name: names.get(String(c.complainantId)) ?? '' },
    respondent: { id: String(c.respondentId), name: names.get(String(c.respondentId)) ?? '' },
    complainantCustomerId: c.complainantCustomerId ? String(c.complainantCustomerId) : null,
    ruling: c.ruling,
  }));
}

/** Complaints the acting employee may see, newest first. */
export async function listConflictCases(
  input: { status?: CaseStatus; limit?: number },
  ctx: DomainContext,
): Promise<CaseView[]> {
  const viewer = await actingEmployee(ctx.actor);
  const parties = await visibleParties(viewer);
  const filter: Record<string, unknown> = input.status ? { status: input.status } : {};
  if (parties !== 'all') {
    filter.$or = [{ complainantId: { $in: parties } }, { respondentId: { $in: parties } }];
  }
  const cases = await ConflictCaseModel.find(filter)
    .sort({ filedAt: -1 })
    .limit(input.limit ?? 50)
    .lean<ConflictCase[]>();
  return views(cases);
}

/** One complaint with both sides' criteria and the suggested ruling. */
export async function conflictCaseDetail(
  input: { caseId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<CaseDetail> {
  const viewer = await actingEmployee(ctx.actor);
  const conflict = await ConflictCaseModel.findById(input.caseId).lean<ConflictCase>();
  const parties = await visibleParties(viewer);
  const visible =
    conflict &&
    (parties === 'all' || parties.some((p) => sameId(p, conflict.complainantId) || sameId(p, conflict.respondentId)));
  if (!conflict || !visible) {
    // Someone else's complaint is as good as absent.
    throw new AppError('CASE_NOT_FOUND', '找不到该申诉', { details: { caseId: String(input.caseId) } });
  }
  const [view] = await views([conflict]);
  const assessment =
    conflict.status === 'ruled'
      ? (conflict.assessment as CaseAssessment)
      : conflict.status === 'withdrawn'
        ? null
        : await assessCase(conflict, ctx.now);
  return { ...view!, assessment };
}
