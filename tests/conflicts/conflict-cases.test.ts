import { describe, expect, it } from 'vitest';
import { insertPublicCustomers } from '../../models/customers/use-cases/bulk-insert.js';
import { assessCase } from '../../models/conflicts/cases/assess-case.js';
import { fileConflictCase } from '../../models/conflicts/cases/file-case.js';
import { ruleConflictCase } from '../../models/conflicts/cases/rule-case.js';
import { ConflictCaseModel, type ConflictCase } from '../../models/conflicts/cases/conflict-case.model.js';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { OpportunityModel } from '../../models/customers/opportunity.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { DAY } from '../../models/shared/clock.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeDepartment, makeEmployee, systemContext } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

const validNote = (who: string) => `拜访${who}，确认今年采购预算约30万，关注交付周期，下周二发正式报价。`;

interface Collision {
  complainant: Employee;
  respondent: Employee;
  ops: Employee;
  customerId: string;
  ownRecordId: string;
}

/**
 * The same company twice: the complainant's own record, worked since 20 days ago with one real
 * contact; and a duplicate record the respondent claimed 10 days ago and pushed to negotiation.
 */
async function collision(
  line: 'SMB' | 'KA',
  name: string,
  respondentNotes: 'valid' | 'filler' = 'valid',
): Promise<Collision> {
  const team = await makeDepartment({ businessLine: line });
  const complainant = await makeEmployee({ mainDepartmentId: team.deptId });
  const respondent = await makeEmployee({ mainDepartmentId: team.deptId });
  const ops = await makeEmployee({ role: 'ops' });
  const own = await createCustomer(
    { customer: { name: `${name}科技有限公司` }, into: 'private' },
    employeeContext(complainant, daysAgo(21)),
  );
  await recordFollowUp(
    { customerId: own._id, content: validNote('李总'), contactName: '李总', channel: 'phone', nextStep: '发报价' },
    employeeContext(complainant, daysAgo(20)),
  );
  // A duplicate record from an old import, before duplicates were refused.
  const [duplicateId] = await insertPublicCustomers([{ name: `${name}（北京）有限公司` }], systemContext(daysAgo(30)));
  await claimCustomer({ customerId: duplicateId! }, employeeContext(respondent, daysAgo(10)));
  for (const [i, at] of [daysAgo(9), daysAgo(5), daysAgo(2)].entries()) {
    const content = respondentNotes === 'valid' ? `${validNote('王经理')}第${i + 1}轮。` : '继续跟进';
    await recordFollowUp(
      {
        customerId: duplicateId!,
        content,
        contactName: respondentNotes === 'valid' ? '王经理' : '',
        channel: 'visit',
        nextStep: respondentNotes === 'valid' ? '推进合同' : '',
      },
      employeeContext(respondent, at),
    );
  }
  if (respondentNotes === 'valid') {
    await OpportunityModel.create({
      customerId: duplicateId!,
      ownerId: respondent._id,
      name: '年度采购',
      stage: 'negotiation',
      amount: 300000,
      stageHistory: [{ from: 'proposal', to: 'negotiation', at: daysAgo(3) }],
    });
  }
  return { complainant, respondent, ops, customerId: String(duplicateId), ownRecordId: String(own._id) };
}

async function file(c: Collision, kind: ConflictCase['kind'] = 'duplicate'): Promise<ConflictCase> {
  return fileConflictCase(
    {
      customerId: c.customerId,
      kind,
      reason: '我20天前已电话对接李总，这是同一家公司',
      complainantCustomerId: c.ownRecordId,
    },
    employeeContext(c.complainant, now),
  );
}

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );

describe('filing a conflict complaint', () => {
  it('when a rep files against a held customer, then the holder is told and a second open complaint, or one about a public or own customer, is refused', async () => {
    const c = await collision('SMB', '鼎新恒远');
    const filed = await file(c);

    expect(filed).toMatchObject({ status: 'open', kind: 'duplicate' });
    expect(
      await OutboundMessageModel.findById(`case-filed:${String(filed._id)}:${c.respondent.userId}`).lean(),
    ).not.toBeNull();
    expect(await codeOf(file(c))).toBe('CASE_ALREADY_OPEN');
    expect(
      await codeOf(
        fileConflictCase(
          { customerId: c.ownRecordId, kind: 'duplicate', reason: '这是我自己的客户' },
          employeeContext(c.complainant, now),
        ),
      ),
    ).toBe('INVALID_STATE');
    const [publicId] = await insertPublicCustomers([{ name: '海口三亚椰林旅游有限公司' }], systemContext(now));
    expect(
      await codeOf(
        fileConflictCase(
          { customerId: publicId!, kind: 'fake', reason: '公海客户也想投诉' },
          employeeContext(c.complainant, now),
        ),
      ),
    ).toBe('INVALID_STATE');
    expect(await ConflictCaseModel.countDocuments({ complainantId: c.complainant._id })).toBe(1);
  });
});

describe('criteria and the suggested ruling', () => {
  it('when the complainant contacted first but the holder moved the deal further, then an SMB line suggests the complainant and a KA line the holder', async () => {
    const smb = await assessCase(await file(await collision('SMB', '锦程华宇')), now);
    const ka = await assessCase(await file(await collision('KA', '锦程瑞泰')), now);

    for (const a of [smb, ka]) {
      expect(a.complainant).toMatchObject({
        firstContactAt: daysAgo(20),
        realContact: true,
        validFollowUps: 1,
        opportunity: null,
      });
      expect(a.respondent).toMatchObject({
        firstContactAt: daysAgo(9),
        realContact: true,
        validFollowUps: 3,
        opportunity: { stage: 'negotiation' },
      });
      expect(a.suggestion.winners).toMatchObject({
        firstContact: 'complainant',
        validFollowUps: 'respondent',
        progress: 'respondent',
      });
    }
    expect(smb).toMatchObject({ businessLine: 'SMB', suggestion: { decision: 'complainant', rule: null } });
    expect(ka).toMatchObject({ businessLine: 'KA', suggestion: { decision: 'respondent', rule: null } });
  });

  it('when the holder only wrote filler, then the complaint is suggested to win on any line (无效跟进)', async () => {
    const c = await collision('KA', '恒达优品', 'filler');
    await ContactModel.create({
      customerId: c.ownRecordId,
      name: '李总',
      isKeyPerson: true,
      followUsers: [{ userId: c.complainant.userId, employeeId: c.complainant._id, addedAt: daysAgo(19) }],
    });

    const a = await assessCase(await file(c, 'thin'), now);

    expect(a.respondent).toMatchObject({
      validFollowUps: 0,
      invalidFollowUps: 3,
      realContact: false,
      kpReached: false,
    });
    expect(a.complainant).toMatchObject({ kpReached: true, firstContactBy: 'follow-up' });
    expect(a.suggestion).toMatchObject({ decision: 'complainant', rule: 'thin-record' });
    expect(a.suggestion.reasons.join('')).toContain('无效跟进');
  });
});

describe('ruling', () => {
  it('when ops rule for the complainant, then the customer is transferred with a ruling in the ledger, the case keeps its assessment, and both reps are told', async () => {
    const c = await collision('SMB', '华信锦程');
    const filed = await file(c);

    const { conflictCase, customer } = await ruleConflictCase(
      { caseId: filed._id, decision: 'complainant', note: '先对接且对接真实' },
      employeeContext(c.ops, now),
    );

    expect(String(customer.ownerId)).toBe(String(c.complainant._id));
    expect(conflictCase).toMatchObject({
      status: 'ruled',
      ruling: { decision: 'complainant', transferred: true, followedSuggestion: true },
      assessment: { businessLine: 'SMB' },
    });
    expect(conflictCase.openKey).toBeUndefined();
    const entry = await LedgerEntryModel.findOne({ customerId: c.customerId, action: 'ruling' }).lean();
    expect(entry).toMatchObject({
      actorId: c.ops._id,
      before: { ownerId: c.respondent._id },
      after: { ownerId: c.complainant._id },
    });
    expect(entry?.reason).toContain(String(filed._id));
    const told = await OutboundMessageModel.find({ kind: 'case-ruled' }).lean();
    expect(told.map((m) => m.toUserId).sort()).toEqual([c.complainant.userId, c.respondent.userId].sort());
    const counts = await EmployeeModel.find(
      { _id: { $in: [c.complainant._id, c.respondent._id] } },
      { privateCount: 1 },
    ).lean();
    expect(counts.find((e) => String(e._id) === String(c.complainant._id))?.privateCount).toBe(2);
    expect(counts.find((e) => String(e._id) === String(c.respondent._id))?.privateCount).toBe(0);
  });

  it('when ops rule for the holder, then ownership stays and the ruling is still in the ledger', async () => {
    const c = await collision('KA', '华信远航');
    const filed = await file(c);

    const { customer } = await ruleConflictCase(
      { caseId: filed._id, decision: 'respondent' },
      employeeContext(c.ops, now),
    );

    expect(String(customer.ownerId)).toBe(String(c.respondent._id));
    expect(await LedgerEntryModel.countDocuments({ customerId: c.customerId, action: 'ruling' })).toBe(1);
    expect(
      await codeOf(ruleConflictCase({ caseId: filed._id, decision: 'complainant' }, employeeContext(c.ops, now))),
    ).toBe('INVALID_STATE');
  });

  it('when the complainant has no room in their pool, then the ruling fails with POOL_CAPACITY_FULL, nothing changes and the case stays open', async () => {
    const c = await collision('SMB', '鼎盛飞翔');
    const filed = await file(c);
    await EmployeeModel.updateOne({ _id: c.complainant._id }, { $set: { privateCount: 50 } });

    expect(
      await codeOf(ruleConflictCase({ caseId: filed._id, decision: 'complainant' }, employeeContext(c.ops, now))),
    ).toBe('POOL_CAPACITY_FULL');

    expect(String((await CustomerModel.findById(c.customerId).lean())?.ownerId)).toBe(String(c.respondent._id));
    expect((await ConflictCaseModel.findById(filed._id).lean())?.status).toBe('open');
    expect(await LedgerEntryModel.countDocuments({ customerId: c.customerId, action: 'ruling' })).toBe(0);
  });

  it('when a rep tries to rule, or two ops rule at once, then only one ruling by ops happens', async () => {
    const c = await collision('SMB', '凯威星辰');
    const filed = await file(c);
    const secondOps = await makeEmployee({ role: 'ops' });

    expect(
      await codeOf(
        ruleConflictCase({ caseId: filed._id, decision: 'complainant' }, employeeContext(c.complainant, now)),
      ),
    ).toBe('FORBIDDEN');
    const codes = await Promise.all(
      [c.ops, secondOps].map((judge) =>
        codeOf(ruleConflictCase({ caseId: filed._id, decision: 'complainant' }, employeeContext(judge, now))),
      ),
    );

    expect(codes.sort()).toEqual(['INVALID_STATE', 'OK']);
    expect(await LedgerEntryModel.countDocuments({ customerId: c.customerId, action: 'ruling' })).toBe(1);
  });
});
