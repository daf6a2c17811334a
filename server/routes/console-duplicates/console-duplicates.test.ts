import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateFlagModel } from '../../../models/conflicts/duplicate-flag.model.js';
import { CustomerMergeModel } from '../../../models/conflicts/merge/customer-merge.model.js';
import { tombstonePlan } from '../../../models/conflicts/merge/merge-plans.js';
import { changeCustomer } from '../../../models/customers/customer-change.js';
import { ContactModel } from '../../../models/customers/contact.model.js';
import { CustomerModel, type Customer } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { OpportunityModel } from '../../../models/customers/opportunity.model.js';
import { importCustomers, type ImportRow } from '../../../models/customers/use-cases/import-customers.js';
import { FollowUpModel } from '../../../models/follow-ups/follow-up.model.js';
import { recordFollowUp } from '../../../models/follow-ups/record-follow-up.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { claimCustomer } from '../../../models/pool/claim-customer.js';
import { expectError, json, makeTeam, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makePublicCustomer, systemContext, testConfig } from '../../../tests/support/factories.js';

// The review of 疑似重复 pairs through the API: sales ops merge a flagged pair (everything moves to the
// survivor, the other becomes a tombstone) or keep both apart for good.

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig({ POOL_CAPACITY: '5', RATE_LIMIT_CONFLICT_CHECK: '1000/min' }) });
  team = await makeTeam();
});
afterAll(() => app.close());

interface Flagged {
  flagId: string;
  existing: Customer;
  imported: Customer;
}

let serial = 0;
/** An existing customer and an imported row with a typo of its brand, which the import flags 疑似重复. */
async function flaggedPair(extra: Partial<ImportRow> = {}): Promise<Flagged> {
  serial += 1;
  const brand = ['星河', '云杉', '蓝鲸', '青禾', '恒远', '锦程'][serial % 6]!;
  const existing = await makePublicCustomer(app.clock.now(), {
    name: `北京${brand}跳动${serial}号科技有限公司`,
    phones: [`1391234${String(1000 + serial)}`],
  });
  const report = await importCustomers(
    [{ line: 2, name: `${brand}条动${serial}号有限公司`, phones: [`1381234${String(1000 + serial)}`], ...extra }],
    systemContext(app.clock.now(), app.deps.config),
  );
  expect(report.flagged, JSON.stringify(report)).toHaveLength(1);
  const flag = await DuplicateFlagModel.findOne({ customerId: report.flagged[0]!.customerId }).lean();
  const imported = await CustomerModel.findById(flag!.customerId).lean<Customer>();
  return { flagId: String(flag!._id), existing, imported: imported! };
}

const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
const merge = (who: Employee, flagId: string, survivorId: string) =>
  post(who, `/api/console/duplicates/${flagId}/merge`, { survivorId, reason: '同一家公司' });
const customer = async (id: Types.ObjectId | string) => (await CustomerModel.findById(id).lean<Customer>())!;
const counterOf = async (e: Employee) => (await EmployeeModel.findById(e._id).lean())!.privateCount;
const heldBy = (e: Employee) => CustomerModel.countDocuments({ ownerId: e._id, poolState: 'private' });

async function checkName(name: string) {
  const answer = await json<{ matches: { customerId: string }[] }>(
    await post(team.rep, '/api/conflicts/check', { name }),
  );
  return answer.matches.map((m) => m.customerId);
}

describe('POST /api/console/duplicates/:id/merge', () => {
  it('when ops merge a flagged pair into the public customer, then everything moves, the rep keeps the company and the counters stay true', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    const ctx = employeeContext(team.rep, app.clock.now(), app.deps.config);
    await claimCustomer({ customerId: imported._id }, ctx);
    await recordFollowUp(
      { customerId: imported._id, content: '与对方采购总监电话沟通了报价方案，下周二上门演示', channel: 'phone' },
      ctx,
    );
    await ContactModel.create({ customerId: imported._id, externalUserId: 'wm-merge-1', name: '王总', type: 1 });
    await OpportunityModel.create({ customerId: imported._id, ownerId: team.rep._id, name: '年度采购', amount: 1 });
    const before = await counterOf(team.rep);

    const answer = await json<{ tookOver: boolean; resumed: boolean }>(
      await merge(team.ops, flagId, String(existing._id)),
    );
    expect(answer).toMatchObject({ tookOver: true, resumed: false });

    const [survivor, tombstone] = [await customer(existing._id), await customer(imported._id)];
    expect(tombstone).toMatchObject({ poolState: 'merged', mergedInto: existing._id, ownerId: null });
    expect(survivor).toMatchObject({ poolState: 'private', ownerId: team.rep._id });
    expect(survivor.phones).toEqual(expect.arrayContaining([...existing.phones, ...imported.phones]));
    expect(await counterOf(team.rep)).toBe(before);
    expect(await counterOf(team.rep)).toBe(await heldBy(team.rep));
    for (const model of [ContactModel, FollowUpModel, OpportunityModel] as const) {
      expect(await (model as typeof ContactModel).countDocuments({ customerId: imported._id })).toBe(0);
      expect(await (model as typeof ContactModel).countDocuments({ customerId: existing._id })).toBe(1);
    }
    // Both sides have their merge entry; the survivor's ledger carries the other's history.
    const ledgerOf = (id: Types.ObjectId) => LedgerEntryModel.find({ customerId: id }).lean();
    expect((await ledgerOf(imported._id)).map((e) => e.action)).toEqual(['create', 'claim', 'merge']);
    const survivorLedger = await ledgerOf(existing._id);
    expect(survivorLedger.filter((e) => e.action === 'merge')).toHaveLength(2);
    expect(survivorLedger.find((e) => e.action === 'claim')).toMatchObject({ mergedFrom: imported._id });
    expect(await DuplicateFlagModel.findById(flagId).lean()).toMatchObject({
      status: 'merged',
      survivorId: existing._id,
    });
    // The tombstone is found by nothing: the typo, its phone and its WeCom contact all lead to the survivor.
    expect(await checkName(imported.name)).toEqual([String(existing._id)]);
    const byPhone = await json<{ matches: { customerId: string }[] }>(
      await post(team.rep, '/api/conflicts/check', { phones: imported.phones[0] }),
    );
    expect(byPhone.matches.map((m) => m.customerId)).toEqual([String(existing._id)]);
    const claim = await post(team.other, `/api/customers/${String(imported._id)}/claim`);
    await expectError(claim, 409, 'CUSTOMER_MERGED');
  });

  it('when the same merge is sent again, then it answers the same and changes nothing twice', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    await claimCustomer({ customerId: imported._id }, employeeContext(team.other, app.clock.now(), app.deps.config));
    await json(await merge(team.ops, flagId, String(existing._id)));
    const ledger = await LedgerEntryModel.countDocuments({});
    const counter = await counterOf(team.other);
    const again = await json<{ resumed: boolean; tookOver: boolean }>(
      await merge(team.ops, flagId, String(existing._id)),
    );
    expect(again).toMatchObject({ resumed: true, tookOver: true });
    expect(await LedgerEntryModel.countDocuments({})).toBe(ledger);
    expect(await counterOf(team.other)).toBe(counter);
    expect(counter).toBe(await heldBy(team.other));
  });

  it('when both customers are held by different reps, then the survivor’s owner keeps it and the other rep gets the capacity back', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    await claimCustomer({ customerId: existing._id }, employeeContext(team.rep, app.clock.now(), app.deps.config));
    await claimCustomer({ customerId: imported._id }, employeeContext(team.other, app.clock.now(), app.deps.config));
    const [rep, other] = [await counterOf(team.rep), await counterOf(team.other)];

    const answer = await json<{ tookOver: boolean }>(await merge(team.ops, flagId, String(existing._id)));
    expect(answer.tookOver).toBe(false);
    expect(await customer(existing._id)).toMatchObject({ poolState: 'private', ownerId: team.rep._id });
    expect([await counterOf(team.rep), await counterOf(team.other)]).toEqual([rep, other - 1]);
    expect(await counterOf(team.other)).toBe(await heldBy(team.other));
  });

  it('when a merge stopped after the tombstone was written, then sending it again finishes every step once', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    const ctx = employeeContext(team.ops, app.clock.now(), app.deps.config);
    await claimCustomer({ customerId: imported._id }, employeeContext(team.rep, app.clock.now(), app.deps.config));
    await FollowUpModel.create({
      customerId: imported._id,
      authorId: team.rep._id,
      content: '拜访了对方老板，确认了采购预算',
      quality: { valid: true, score: 80 },
    });
    // What the first steps of a merge leave behind when the process dies right after them.
    await CustomerMergeModel.create({ _id: imported._id, survivorId: existing._id, startedAt: app.clock.now() });
    await changeCustomer(imported._id, ctx, (current) => tombstonePlan(current, existing));
    expect(await FollowUpModel.countDocuments({ customerId: imported._id })).toBe(1);

    const answer = await json<{ resumed: boolean }>(await merge(team.ops, flagId, String(existing._id)));
    expect(answer.resumed).toBe(true);
    expect(await FollowUpModel.countDocuments({ customerId: existing._id })).toBe(1);
    expect(await customer(existing._id)).toMatchObject({ poolState: 'private', ownerId: team.rep._id });
    expect(await counterOf(team.rep)).toBe(await heldBy(team.rep));
    expect(await LedgerEntryModel.countDocuments({ customerId: imported._id, action: 'merge' })).toBe(1);
    expect((await CustomerMergeModel.findById(imported._id).lean())?.status).toBe('done');
  });

  it('when the input is bad, then 400/404/409 with a code and a Chinese message, and nothing changes', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    const stranger = await makePublicCustomer(app.clock.now());
    const snapshot = async () => [await customer(existing._id), await customer(imported._id)].map((c) => c.version);
    const versions = await snapshot();
    await expectError(await merge(team.ops, flagId, String(stranger._id)), 400, 'VALIDATION_FAILED');
    await expectError(await merge(team.ops, 'not-an-id', String(existing._id)), 400, 'VALIDATION_FAILED');
    await expectError(
      await post(team.ops, `/api/console/duplicates/${flagId}/merge`, { survivorId: String(existing._id), $set: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    const missing = await merge(team.ops, String(new Types.ObjectId()), String(existing._id));
    await expectError(missing, 404, 'DUPLICATE_FLAG_NOT_FOUND');
    expect(await snapshot()).toEqual(versions);
    expect((await DuplicateFlagModel.findById(flagId).lean())?.status).toBe('open');
    expect(await CustomerMergeModel.exists({ _id: imported._id })).toBeNull();

    // Two different credit codes are two companies: refused before anything moves.
    const coded = await flaggedPair({ creditCode: '91110108551385082Q' });
    await CustomerModel.updateOne({ _id: coded.existing._id }, { $set: { creditCode: '91310000MA1FL1KW8J' } });
    const body = await expectError(
      await merge(team.ops, coded.flagId, String(coded.existing._id)),
      409,
      'INVALID_STATE',
    );
    expect(body.error.message).toContain('统一社会信用代码不同');
    expect((await customer(coded.imported._id)).poolState).toBe('public');
  });

  it('when a rep or a manager tries to review or merge, then 403 FORBIDDEN and nothing changes', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    for (const who of [team.rep, team.manager]) {
      await expectError(await app.as(who)('/api/console/duplicates'), 403, 'FORBIDDEN');
      await expectError(await merge(who, flagId, String(existing._id)), 403, 'FORBIDDEN');
      await expectError(await post(who, `/api/console/duplicates/${flagId}/keep`), 403, 'FORBIDDEN');
    }
    expect((await customer(imported._id)).poolState).toBe('public');
    expect((await DuplicateFlagModel.findById(flagId).lean())?.status).toBe('open');
  });
});

describe('POST /api/console/duplicates/:id/keep', () => {
  it('when ops keep both, then the pair leaves the review for good, also when the same rows are imported again', async () => {
    const { flagId, existing, imported } = await flaggedPair();
    const listed = async (status: string) =>
      (
        await json<{ flags: { id: string }[] }>(await app.as(team.ops)(`/api/console/duplicates?status=${status}`))
      ).flags.map((f) => f.id);
    expect(await listed('open')).toContain(flagId);
    expect(await json(await post(team.ops, `/api/console/duplicates/${flagId}/keep`))).toMatchObject({
      status: 'kept',
    });
    expect(await json(await post(team.ops, `/api/console/duplicates/${flagId}/keep`))).toMatchObject({
      status: 'kept',
    });
    expect(await listed('open')).not.toContain(flagId);
    expect(await listed('kept')).toContain(flagId);

    const report = await importCustomers(
      [
        { line: 2, name: existing.name },
        { line: 3, name: imported.name },
      ],
      systemContext(app.clock.now(), app.deps.config),
    );
    expect(report.flagged).toEqual([]);
    expect(report.imported).toBe(0);
    expect(await DuplicateFlagModel.countDocuments({ customerId: imported._id })).toBe(1);
    // Kept apart, the pair can no longer be merged.
    await expectError(await merge(team.ops, flagId, String(existing._id)), 409, 'INVALID_STATE');
  });
});
