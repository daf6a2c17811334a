import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { makeDepartment, makeEmployee } from '../support/factories.js';

// The assistant account's public-pool leads are new unowned leads: the company's lead department's
// automatic assignment gives them a rep; with the rule off they wait in the pool, as before.

useTestDatabase();
let t: TestBot;

describe('a CRM assistant account: public-pool leads and automatic assignment', () => {
  beforeEach(async () => {
    await clearDatabase();
    t = await startTestBot({ BOT_ACCOUNT: 'assistant' });
  });
  afterEach(() => t.stop());

  it('when the lead department assigns round-robin, then a stranger chatting with the assistant becomes a rep’s lead', async () => {
    const dept = await makeDepartment({ autoAssign: { mode: 'round-robin', dailyCap: 5, members: [] } });
    const rep = await makeEmployee({ name: '韩九', mainDepartmentId: dept.deptId });
    await CompanySettingsModel.updateOne(
      { _id: COMPANY_SETTINGS_ID },
      { $set: { leadDepartmentId: dept.deptId } },
      { upsert: true },
    );
    await t.say(t.client({ name: '褚总', handle: 'wmChu000000001', corporation: '宁波褚氏模具有限公司' }), '你好');
    const lead = await CustomerModel.findOne({ name: '宁波褚氏模具有限公司' }).lean();
    expect(lead).toMatchObject({ poolState: 'private', ownerId: rep._id });
    expect(await LedgerEntryModel.countDocuments({ customerId: lead!._id, action: 'assign' })).toBe(1);
  });

  it('when no department assigns, then the lead waits in the public pool', async () => {
    await t.say(t.client({ name: '卫总', handle: 'wmWei000000001', corporation: '台州卫氏阀门有限公司' }), '你好');
    expect((await CustomerModel.findOne({ name: '台州卫氏阀门有限公司' }).lean())?.poolState).toBe('public');
  });
});
