import type { Types } from 'mongoose';
import { ConflictCaseModel, type CaseKind, type ConflictCase } from './conflict-case.model.js';
import { AppError } from '../../shared/app-error.js';
import { loadCustomer } from '../../customers/customer-change.js';
import { isDuplicateKeyError } from '../../shared/duplicate-key.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee, activeEmployee, sameId } from '../../org/permissions.js';
import { authorize, holderOf } from '../../org/policy/policy.js';
import { sendCaseMessages } from './case-messages.js';

export const caseKindLabels: Record<CaseKind, string> = { duplicate: '撞单', fake: '虚假信息', thin: '跟进记录过简' };

export interface FileCaseInput {
  customerId: Types.ObjectId | string;
  kind: CaseKind;
  reason: string;
  /** The complainant's own record of the same company (duplicate complaints). */
  complainantCustomerId?: Types.ObjectId | string | null;
}

/**
 * A rep files a complaint (撞单申诉 / 投诉) against the holder of a customer. The holder is told at
 * once; sales ops rule on it. One open complaint per rep and customer.
 */
export async function fileConflictCase(input: FileCaseInput, ctx: DomainContext): Promise<ConflictCase> {
  const complainant = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(input.customerId);
  await authorize(complainant, 'fileCase', customer, ctx.now);
  const holderId = holderOf(customer)!;
  const reason = input.reason.trim();
  if (reason.length < 5) {
    throw new AppError('VALIDATION_FAILED', '请写明申诉理由（至少 5 个字）', { details: { field: 'reason' } });
  }
  if (input.complainantCustomerId) {
    const own = await loadCustomer(input.complainantCustomerId);
    if (!sameId(own.ownerId ?? own.stakedBy, complainant._id)) {
      throw new AppError('NOT_OWNER', '作为依据的客户记录必须在你名下', { details: { customerId: String(own._id) } });
    }
  }
  const respondent = await activeEmployee(holderId).catch(() => null);
  let created: ConflictCase;
  try {
    created = (
      await ConflictCaseModel.create({
        customerId: customer._id,
        customerName: customer.name,
        kind: input.kind,
        reason,
        complainantId: complainant._id,
        respondentId: holderId,
        complainantCustomerId: input.complainantCustomerId ?? null,
        status: 'open',
        openKey: `${String(customer._id)}:${String(complainant._id)}`,
        filedAt: ctx.now,
      })
    ).toObject();
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      throw new AppError('CASE_ALREADY_OPEN', '你对该客户已有一个待裁决的申诉', {
        details: { customerId: String(customer._id) },
      });
    }
    throw error;
  }
  if (respondent) {
    await sendCaseMessages(
      [
        {
          kind: 'case-filed',
          caseId: String(created._id),
          toUserId: respondent.userId,
          text: `${complainant.name} 对你负责的客户“${customer.name}”发起了${caseKindLabels[input.kind]}申诉：${reason}。销售运营将按先对接、真实对接、KP、有效跟进和推进情况裁决，请确保跟进记录真实完整。`,
        },
      ],
      ctx.now,
    );
  }
  return created;
}

/** The complainant withdraws an open complaint. */
export async function withdrawConflictCase(
  input: { caseId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<ConflictCase> {
  const complainant = await actingEmployee(ctx.actor);
  const withdrawn = await ConflictCaseModel.findOneAndUpdate(
    { _id: input.caseId, status: 'open', complainantId: complainant._id },
    { $set: { status: 'withdrawn', withdrawnAt: ctx.now }, $unset: { openKey: 1 } },
    { returnDocument: 'after' },
  ).lean<ConflictCase>();
  if (withdrawn) {
    return withdrawn;
  }
  const current = await ConflictCaseModel.findById(input.caseId, { status: 1, complainantId: 1 }).lean();
  if (!current) {
    throw new AppError('CASE_NOT_FOUND', '找不到该申诉', { details: { caseId: String(input.caseId) } });
  }
  if (!sameId(current.complainantId, complainant._id)) {
    throw new AppError('FORBIDDEN', '只有申诉人可以撤回申诉');
  }
  throw new AppError('INVALID_STATE', '只有待裁决的申诉可以撤回', { details: { status: current.status } });
}
