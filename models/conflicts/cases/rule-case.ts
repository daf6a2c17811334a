import type { Types } from 'mongoose';
import { ConflictCaseModel, type CaseDecision, type ConflictCase } from './conflict-case.model.js';
import type { Customer } from '../../customers/customer.model.js';
import { EmployeeModel } from '../../org/employee.model.js';
import { AppError } from '../../shared/app-error.js';
import { changeCustomer, loadCustomer } from '../../customers/customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee, sameId } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import { transferCustomer } from '../../pool/transfer-customer.js';
import { MINUTE } from '../../shared/clock.js';
import { assessCase } from './assess-case.js';
import { sendCaseMessages } from './case-messages.js';
import { caseKindLabels } from './file-case.js';

export interface RuleCaseInput {
  caseId: Types.ObjectId | string;
  decision: CaseDecision;
  /** For a ruling for the complainant: transfer the customer to them (default true). */
  transfer?: boolean;
  note?: string;
}

// A ruling that crashed halfway may be resumed after this long.
const STALE_RULING_MS = 5 * MINUTE;

/** Takes the case for ruling: open → ruling, atomically, so two ops cannot rule it at once. */
async function takeCase(caseId: Types.ObjectId | string, now: Date): Promise<ConflictCase> {
  const taken = await ConflictCaseModel.findOneAndUpdate(
    { _id: caseId, status: 'open' },
    { $set: { status: 'ruling', rulingStartedAt: now } },
    { returnDocument: 'after' },
  ).lean<ConflictCase>();
  if (taken) {
    return taken;
  }
  const current = await ConflictCaseModel.findById(caseId).lean<ConflictCase>();
  if (!current) {
    throw new AppError('CASE_NOT_FOUND', '找不到该申诉', { details: { caseId: String(caseId) } });
  }
  if (
    current.status === 'ruling' &&
    current.rulingStartedAt &&
    now.getTime() - current.rulingStartedAt.getTime() > STALE_RULING_MS
  ) {
    const resumed = await ConflictCaseModel.findOneAndUpdate(
      { _id: caseId, status: 'ruling', rulingStartedAt: current.rulingStartedAt },
      { $set: { rulingStartedAt: now } },
      { returnDocument: 'after' },
    ).lean<ConflictCase>();
    if (resumed) {
      return resumed;
    }
  }
  const why = {
    ruled: '该申诉已裁决',
    withdrawn: '该申诉已撤回',
    ruling: '该申诉正在裁决中',
    open: '该申诉正在裁决中',
  }[current.status];
  throw new AppError('INVALID_STATE', why, { details: { status: current.status } });
}

/**
 * Sales ops rule on a complaint. A ruling for the complainant transfers the customer to them (ledger
 * action 'ruling'); a ruling for the holder is recorded in the ledger as well. Both reps are told.
 * If the transfer is impossible (e.g. the complainant's pool is full) nothing changes and the case
 * stays open.
 */
export async function ruleConflictCase(
  input: RuleCaseInput,
  ctx: DomainContext,
): Promise<{ conflictCase: ConflictCase; customer: Customer }> {
  const judge = await actingEmployee(ctx.actor);
  await authorize(judge, 'ruleCase', null, ctx.now);
  const taken = await takeCase(input.caseId, ctx.now);
  let customerChanged = false;
  try {
    const assessment = await assessCase(taken, ctx.now);
    const forComplainant = input.decision === 'complainant';
    const transfer = forComplainant && (input.transfer ?? true);
    const winner = forComplainant ? assessment.complainant.name : assessment.respondent.name;
    const note = input.note?.trim() ?? '';
    const reason = `撞单裁决：判给 ${winner}${note ? `，${note}` : ''}（申诉 ${String(taken._id)}）`;
    const customer = transfer ? await transferTo(taken, reason, ctx) : await recordRuling(taken, reason, ctx);
    customerChanged = true;
    const ruled = await ConflictCaseModel.findOneAndUpdate(
      { _id: taken._id, status: 'ruling' },
      {
        $set: {
          status: 'ruled',
          assessment,
          ruling: {
            decision: input.decision,
            transferred: transfer,
            note,
            followedSuggestion: assessment.suggestion.decision === input.decision,
            ruledBy: judge._id,
            ruledAt: ctx.now,
          },
        },
        $unset: { openKey: 1 },
      },
      { returnDocument: 'after' },
    ).lean<ConflictCase>();
    await tellBothSides(taken, winner, transfer, note, ctx.now);
    return { conflictCase: ruled ?? taken, customer };
  } catch (error) {
    // Before the customer changed, nothing happened: the case is open again. After, it stays in
    // 'ruling' and the same ruling can be resumed (the transfer is not repeated).
    if (!customerChanged) {
      await ConflictCaseModel.updateOne(
        { _id: taken._id, status: 'ruling' },
        { $set: { status: 'open', rulingStartedAt: null } },
      );
    }
    throw error;
  }
}

async function transferTo(conflict: ConflictCase, reason: string, ctx: DomainContext): Promise<Customer> {
  const current = await loadCustomer(conflict.customerId);
  const holder =
    current.poolState === 'private' ? current.ownerId : current.poolState === 'staked' ? current.stakedBy : null;
  if (sameId(holder, conflict.complainantId)) {
    return current; // A resumed ruling whose transfer already happened.
  }
  if (holder && !sameId(holder, conflict.respondentId)) {
    throw new AppError('INVALID_STATE', '客户负责人已变更，请重新发起申诉', { details: { holderId: String(holder) } });
  }
  return transferCustomer(
    { customerId: conflict.customerId, toEmployeeId: conflict.complainantId, reason, action: 'ruling' },
    ctx,
  );
}

async function recordRuling(conflict: ConflictCase, reason: string, ctx: DomainContext): Promise<Customer> {
  const result = await changeCustomer(conflict.customerId, ctx, () => ({
    set: {},
    ledger: { action: 'ruling', reason },
  }));
  return result!.after;
}

async function tellBothSides(
  conflict: ConflictCase,
  winner: string,
  transferred: boolean,
  note: string,
  now: Date,
): Promise<void> {
  const people = await EmployeeModel.find(
    { _id: { $in: [conflict.complainantId, conflict.respondentId] } },
    { userId: 1 },
  ).lean();
  const outcome = `关于客户“${conflict.customerName}”的${caseKindLabels[conflict.kind]}申诉已裁决：判给 ${winner}${transferred ? '，客户已转移' : '，客户归属不变'}。${note ? `说明：${note}` : ''}`;
  await sendCaseMessages(
    people.map((p) => ({ kind: 'case-ruled', caseId: String(conflict._id), toUserId: p.userId, text: outcome })),
    now,
  );
}
