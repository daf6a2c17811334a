import { describe, expect, it } from 'vitest';
import { checkConflicts } from '../../models/conflicts/check-conflicts.js';
import { findSameEntity } from '../../models/conflicts/find-same-entity.js';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { updateCustomerProfile } from '../../models/customers/use-cases/update-profile.js';
import { DAY } from '../../models/shared/clock.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeDepartment, makeEmployee, systemContext } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');

async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) {
      return { code: error.code, message: error.message, details: error.details ?? {} };
    }
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('checking before creating a customer', () => {
  it('when a rep creates a company another rep holds under a variant name, then DUPLICATE_CUSTOMER names it, its owner and team, offers a complaint, and nothing is created', async () => {
    const team = await makeDepartment({ name: '华北一组' });
    const [owner, rep] = [await makeEmployee({ name: '王芳', mainDepartmentId: team.deptId }), await makeEmployee()];
    await createCustomer(
      { customer: { name: '北京字节跳动科技有限公司' }, into: 'private' },
      employeeContext(owner, now),
    );
    const before = await CustomerModel.countDocuments();

    const refused = await rejection(
      createCustomer(
        { customer: { name: '字节跳动（北京）科技有限公司' }, into: 'private' },
        employeeContext(rep, now),
      ),
    );

    expect(refused.code).toBe('DUPLICATE_CUSTOMER');
    expect(refused.message).toContain('王芳（华北一组）');
    expect(refused.details).toMatchObject({ name: '北京字节跳动科技有限公司', actions: ['complaint'] });
    expect(await CustomerModel.countDocuments()).toBe(before);
  });

  it('when the existing company is in the public pool, then the rep is offered to claim it instead', async () => {
    await createCustomer({ customer: { name: '上海鼎盛恒通贸易有限公司' }, into: 'public' }, systemContext(now));
    const rep = await makeEmployee();

    const refused = await rejection(
      createCustomer({ customer: { name: '鼎盛恒通贸易' }, into: 'private' }, employeeContext(rep, now)),
    );

    expect(refused).toMatchObject({ code: 'DUPLICATE_CUSTOMER', details: { actions: ['claim'] } });
    expect(refused.message).toContain('公海');
  });

  it('when the same brand is registered in another city, then creating is allowed and the check reports the other as related', async () => {
    await createCustomer({ customer: { name: '杭州瑞博智联科技有限公司' }, into: 'public' }, systemContext(now));
    const rep = await makeEmployee();

    const created = await createCustomer(
      { customer: { name: '成都瑞博智联科技有限公司' }, into: 'private' },
      employeeContext(rep, now),
    );

    const { matches } = await checkConflicts({ customerId: created._id }, employeeContext(rep, now));
    expect(matches.map((m) => [m.name, m.relation])).toEqual([['杭州瑞博智联科技有限公司', 'related']]);
  });

  it('when the credit code fails its checksum, then INVALID_CREDIT_CODE and nothing is created', async () => {
    const rep = await makeEmployee();
    const before = await CustomerModel.countDocuments();

    const refused = await rejection(
      createCustomer(
        { customer: { name: '南京云锦新材料有限公司', creditCode: '91320100MA1X0000AA' }, into: 'private' },
        employeeContext(rep, now),
      ),
    );

    expect(refused.code).toBe('INVALID_CREDIT_CODE');
    expect(await CustomerModel.countDocuments()).toBe(before);
  });

  it('when ten reps create the same company at the same moment, then exactly one customer exists and the others hear DUPLICATE_CUSTOMER', async () => {
    const reps = await Promise.all(Array.from({ length: 10 }, () => makeEmployee()));
    const names = [
      '苏州宏泰精密机械有限公司',
      '宏泰精密机械（苏州）有限公司',
      '江苏省苏州市宏泰精密机械有限公司',
      '苏州宏泰精密机械有限公司',
    ];

    const results = await Promise.allSettled(
      reps.map((rep, i) =>
        createCustomer({ customer: { name: names[i % names.length]! }, into: 'private' }, employeeContext(rep, now)),
      ),
    );

    const codes = results.map((r) =>
      r.status === 'fulfilled' ? 'OK' : isAppError(r.reason) ? r.reason.code : String(r.reason),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'DUPLICATE_CUSTOMER')).toHaveLength(9);
    const { matches } = await checkConflicts({ name: '宏泰精密' }, systemContext(now));
    expect(matches.filter((m) => m.relation === 'same')).toHaveLength(1);
  });
});

describe('keeping the check current', () => {
  it('when a customer is renamed, then the new name finds it, the old one no longer does, and renaming onto another customer is refused', async () => {
    const rep = await makeEmployee();
    const customer = await createCustomer(
      { customer: { name: '宁波金银星辰服饰有限公司', phones: ['13900001111'] }, into: 'private' },
      employeeContext(rep, now),
    );
    await createCustomer({ customer: { name: '温州锦润丰服饰有限公司' }, into: 'public' }, systemContext(now));

    await updateCustomerProfile(
      { customerId: customer._id, changes: { name: '宁波辰星优品服饰有限公司', phones: ['13900002222'] } },
      employeeContext(rep, now),
    );

    const byNew = await checkConflicts({ name: '辰星优品' }, systemContext(now));
    expect(byNew.matches.map((m) => m.customerId)).toEqual([String(customer._id)]);
    expect((await checkConflicts({ name: '金银星辰服饰' }, systemContext(now))).matches).toEqual([]);
    expect((await checkConflicts({ phones: ['13900001111'] }, systemContext(now))).matches).toEqual([]);
    expect((await checkConflicts({ phones: ['139-0000-2222'] }, systemContext(now))).matches[0]).toMatchObject({
      customerId: String(customer._id),
      relation: 'same',
    });

    const refused = await rejection(
      updateCustomerProfile(
        { customerId: customer._id, changes: { name: '温州市锦润丰服饰股份有限公司' } },
        employeeContext(rep, now),
      ),
    );
    expect(refused.code).toBe('DUPLICATE_CUSTOMER');
    expect((await CustomerModel.findById(customer._id).lean())?.name).toBe('宁波辰星优品服饰有限公司');
  });

  it('when the same boss or the same phone runs several companies, then they are reported as related, apart from the same entity', async () => {
    await createCustomer(
      { customer: { name: '合肥翔宇航空科技有限公司', boss: '欧阳建国', phones: ['13711112222'] }, into: 'public' },
      systemContext(now),
    );
    await createCustomer(
      { customer: { name: '合肥凯威商贸有限公司', boss: '欧阳建国' }, into: 'public' },
      systemContext(now),
    );
    await createCustomer(
      { customer: { name: '芜湖聚力物流有限公司', phones: ['+86 137 1111 2222'] }, into: 'public' },
      systemContext(now),
    );

    const { matches } = await checkConflicts({ name: '翔宇航空科技' }, systemContext(now));

    expect(matches.map((m) => [m.name, m.relation, m.matchedOn])).toEqual([
      ['合肥翔宇航空科技有限公司', 'same', ['coreName']],
      ['芜湖聚力物流有限公司', 'related', ['phoneOfMatch']],
      ['合肥凯威商贸有限公司', 'related', ['bossOfMatch']],
    ]);
    const byBoss = await checkConflicts({ boss: '欧阳 建国' }, systemContext(now));
    expect(byBoss.matches.map((m) => m.relation)).toEqual(['related', 'related']);
  });

  it('when a rep checks a customer they do not own, then they see its owner, team, protection and drop date with contact details masked; the owner sees them in full', async () => {
    const team = await makeDepartment({ name: '华南二组' });
    const [owner, other] = [await makeEmployee({ name: '李娜', mainDepartmentId: team.deptId }), await makeEmployee()];
    await createCustomer(
      { customer: { name: '广州天海云锦文化传媒有限公司', phones: ['13822223333'], boss: '陈志强' }, into: 'private' },
      employeeContext(owner, now),
    );
    const later = new Date(now.getTime() + 10 * DAY);

    const [seen] = (await checkConflicts({ name: '天海云锦传媒' }, employeeContext(other, later))).matches;
    const [own] = (await checkConflicts({ name: '天海云锦传媒' }, employeeContext(owner, later))).matches;

    expect(seen).toMatchObject({
      state: 'private',
      owner: { name: '李娜', team: '华南二组' },
      mine: false,
      contact: { phones: ['138****3333'], boss: '陈**', masked: true },
    });
    expect(seen!.protection).toMatchObject({ since: now, days: 10 });
    expect(seen!.protection!.dropsAt!.getTime()).toBeGreaterThan(later.getTime());
    expect(own).toMatchObject({ mine: true, contact: { phones: ['13822223333'], boss: '陈志强', masked: false } });
  });

  it('when a lead arrives with a known WeCom contact, a known phone or a variant of the name, then findSameEntity attaches it to the existing customer', async () => {
    const customer = await createCustomer(
      { customer: { name: '厦门优品嘉润食品有限公司', phones: ['0592-5551234'] }, into: 'public' },
      systemContext(now),
    );
    await ContactModel.create({
      customerId: customer._id,
      name: '周敏',
      externalUserId: 'wmQUALITY0001',
      unionId: 'oUNION0001',
    });

    for (const query of [
      { externalUserId: 'wmQUALITY0001' },
      { phones: ['+86 592 555 1234'] },
      { name: '優品嘉潤食品（廈門）有限公司' },
      { name: '某某公司', unionId: 'oUNION0001' },
    ]) {
      expect(String((await findSameEntity(query))?._id), JSON.stringify(query)).toBe(String(customer._id));
    }
    expect(await findSameEntity({ name: '厦门优品嘉润食品有限公司上海分公司', phones: ['13000000000'] })).toMatchObject(
      { _id: customer._id },
    );
    expect(await findSameEntity({ name: '青岛海纳百川餐饮管理有限公司' })).toBeNull();
  });

  it('when a rep claims a public duplicate of a customer another rep holds, then the claim stands and both are told', async () => {
    const [holder, claimer] = [await makeEmployee({ name: '赵强' }), await makeEmployee({ name: '孙丽' })];
    await createCustomer(
      { customer: { name: '长沙星辰智能科技有限公司' }, into: 'private' },
      employeeContext(holder, now),
    );
    // A duplicate record written straight through the model (an old import script): it is indexed
    // all the same.
    const duplicate = await CustomerModel.create({
      name: '星辰智能（长沙）有限公司',
      poolState: 'public',
      publicSince: now,
      version: 1,
    });

    const claimed = await claimCustomer({ customerId: duplicate._id }, employeeContext(claimer, now));

    expect(String(claimed.ownerId)).toBe(String(claimer._id));
    expect(await LedgerEntryModel.countDocuments({ customerId: duplicate._id, action: 'claim' })).toBe(1);
    const messages = await OutboundMessageModel.find({ kind: 'claim-conflict' }).lean();
    expect(messages.map((m) => m.toUserId).sort()).toEqual([claimer.userId, holder.userId].sort());
    expect(JSON.stringify(messages.find((m) => m.toUserId === claimer.userId)?.payload)).toContain('赵强');
  });

  it("when a name differs from another rep's customer by one character in the same place and trade, then creating it is allowed, the check lists it, and a claim tells both reps", async () => {
    const [holder, claimer] = [await makeEmployee({ name: '钱进' }), await makeEmployee({ name: '李娜' })];
    const held = await createCustomer(
      { customer: { name: '深圳锦程电力有限公司' }, into: 'private' },
      employeeContext(holder, now),
    );

    // 靖程 is not 锦程 mistyped for sure: two companies of one city and trade are often named so.
    const check = await checkConflicts({ name: '深圳靖程电力有限公司' }, employeeContext(claimer, now));
    expect(check.matches.map((m) => [m.name, m.relation])).toContainEqual(['深圳锦程电力有限公司', 'related']);
    expect(check.matches.filter((m) => m.relation === 'same')).toEqual([]);
    const other = await createCustomer(
      { customer: { name: '深圳靖程电力有限公司' }, into: 'public' },
      employeeContext(claimer, now),
    );
    expect(String(other._id)).not.toBe(String(held._id));

    // Claiming it still warns both: they may be one company after all.
    await claimCustomer({ customerId: other._id }, employeeContext(claimer, now));
    const messages = (await OutboundMessageModel.find({ kind: 'claim-conflict' }).lean()).filter((m) =>
      JSON.stringify(m.payload).includes('深圳靖程电力有限公司'),
    );
    expect(messages.map((m) => m.toUserId).sort()).toEqual([claimer.userId, holder.userId].sort());
  });
});
