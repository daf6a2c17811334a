import { describe, expect, it } from 'vitest';
import { CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import { InboundLeadModel } from '../../models/leads/inbound-lead.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { routeInboundLead } from '../../models/leads/route-inbound-lead.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { stakeCustomer } from '../../models/pool/stake-customer.js';
import { updateCustomerProfile } from '../../models/customers/use-cases/update-profile.js';
import { stakeDeadlineJob } from '../../server/jobs/stake-deadline.job.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer, systemContext } from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

useTestDatabase();

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const run = jobRunner();

describe('staking deadlines and inbound leads', () => {
  it('when a staked customer is not greened by its deadline, then it returns to the pool at the first run after the deadline and the staker is told once', async () => {
    await CompanySettingsModel.create({ _id: 'company', greenCompleteness: 20 });
    const rep = await makeEmployee({ name: '占坑王' });
    const lapsed = await makePublicCustomer(at('2026-02-01'), { name: '未绿化客户有限公司' });
    const greened = await makePublicCustomer(at('2026-02-01'), { name: '已绿化客户有限公司' });
    for (const c of [lapsed, greened]) {
      await stakeCustomer({ customerId: c._id }, employeeContext(rep, at('2026-03-01')));
    }
    // Filling in industry, region and address reaches the 20% green threshold.
    await updateCustomerProfile(
      { customerId: greened._id, changes: { industry: '制造业', region: '浙江', address: '杭州市滨江区' } },
      employeeContext(rep, at('2026-03-05')),
    );
    expect((await CustomerModel.findById(lapsed._id).lean())?.stakeDeadline).toEqual(at('2026-03-16', '00:00'));

    const before = await run(stakeDeadlineJob, at('2026-03-15', '23:20'));
    const after = await run(stakeDeadlineJob, at('2026-03-16', '00:20'));
    const again = await run(stakeDeadlineJob, at('2026-03-16', '01:20'));

    expect([before.expired, after.expired, again.expired]).toEqual([0, 1, 0]);
    expect((await CustomerModel.findById(lapsed._id).lean())?.poolState).toBe('public');
    expect((await CustomerModel.findById(greened._id).lean())?.poolState).toBe('staked');
    expect((await EmployeeModel.findById(rep._id).lean())?.stakedCount).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ customerId: lapsed._id, action: 'stake-expire' })).toBe(1);
    const messages = await outbox('stake-expire', rep.userId);
    expect(messages).toHaveLength(1);
    expect(contentOf(messages[0]!)).toContain('**未绿化客户有限公司**：绿化期限3月15日已过');
    expect(contentOf(messages[0]!)).not.toContain('已绿化客户有限公司');
    await CompanySettingsModel.deleteOne({ _id: 'company' });
  });

  it('when an inbound lead names a staked customer, then it is routed to the staker, who is told once however often it is delivered', async () => {
    const staker = await makeEmployee({ name: '占坑人' });
    const customer = await makePublicCustomer(at('2026-02-01'), {
      name: '深圳市腾飞网络科技有限公司',
      creditCode: '91440300MA5F000007',
    });
    await stakeCustomer({ customerId: customer._id }, employeeContext(staker, at('2026-03-01')));
    const lead = {
      leadId: 'form-77',
      source: 'website' as const,
      customer: { name: '深圳腾飞网络', creditCode: '91440300ma5f000001' },
      contactName: '黄经理',
      contactPhone: '13800001111',
      message: '想了解企业版报价',
    };

    const results = await Promise.all(
      [1, 2, 3].map(() => routeInboundLead(lead, systemContext(at('2026-03-10', '14:00')))),
    );

    expect(results.map((r) => r.lead.route)).toEqual(['staker', 'staker', 'staker']);
    expect(
      results.every(
        (r) => String(r.lead.routedTo) === String(staker._id) && String(r.lead.customerId) === String(customer._id),
      ),
    ).toBe(true);
    expect(await InboundLeadModel.countDocuments({})).toBe(1);
    const messages = await outbox('lead', staker.userId);
    expect(messages.map((m) => m._id)).toEqual(['lead:website:form-77']);
    const text = contentOf(messages[0]!);
    expect(text).toContain('你占坑的客户 **深圳市腾飞网络科技有限公司** 来了新线索');
    expect(text).toContain('黄经理 13800001111');
    expect(text).toContain('3月15日前完成绿化');
    expect((await CustomerModel.findById(customer._id).lean())?.poolState).toBe('staked');
  });

  it('when a lead names an owned customer or an unknown company, then it goes to the owner or becomes a new public customer', async () => {
    const owner = await makeEmployee();
    const owned = await makePublicCustomer(at('2026-02-01'), { name: '广州白云物流有限公司' });
    await claimCustomer({ customerId: owned._id }, employeeContext(owner, at('2026-03-01')));

    const toOwner = await routeInboundLead(
      { leadId: 'call-1', source: 'inbound', customer: { name: '广州白云物流有限公司' } },
      systemContext(at('2026-03-10')),
    );
    const fresh = await routeInboundLead(
      { leadId: 'form-2', source: 'website', customer: { name: '全新线索有限公司' } },
      systemContext(at('2026-03-10')),
    );

    expect(toOwner.lead).toMatchObject({ route: 'owner', createdCustomer: false });
    expect(String(toOwner.lead.routedTo)).toBe(String(owner._id));
    expect(contentOf((await outbox('lead', owner.userId))[0]!)).toContain(
      '你的客户 **广州白云物流有限公司** 来了新线索',
    );
    expect(fresh.lead).toMatchObject({ route: 'pool', routedTo: null, createdCustomer: true });
    expect(await CustomerModel.findById(fresh.lead.customerId).lean()).toMatchObject({
      poolState: 'public',
      source: 'website',
    });
    expect(fresh.notified).toBeNull();
  });

  it('when a lead has no id or no company name, then it is refused with VALIDATION_FAILED and nothing is stored', async () => {
    const leads = await InboundLeadModel.countDocuments({});
    const customers = await CustomerModel.countDocuments({});
    for (const bad of [
      { leadId: ' ', name: '某某有限公司' },
      { leadId: 'x-1', name: '' },
    ]) {
      const error = await routeInboundLead(
        { leadId: bad.leadId, source: 'website', customer: { name: bad.name } },
        systemContext(at('2026-03-10')),
      ).catch((e: unknown) => e);
      expect(isAppError(error, 'VALIDATION_FAILED')).toBe(true);
    }
    expect([await InboundLeadModel.countDocuments({}), await CustomerModel.countDocuments({})]).toEqual([
      leads,
      customers,
    ]);
  });
});
