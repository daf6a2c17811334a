import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDisclosureModel } from '../../../models/customers/contact-disclosure.model.js';
import { OutboundMessageModel } from '../../../models/messages/outbound-message.model.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee, makePublicCustomer, testConfig } from '../../../tests/support/factories.js';

useTestDatabase();

// Nobody can read customers out of the product faster than they could work them: detail reads and
// conflict checks are counted per employee, refusals name nobody, unheld customers' contacts are
// masked for every role, and guessing a masked number's hidden digits is refused and reported.

let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({
    config: testConfig({ RATE_LIMIT_CUSTOMER_READ: '6/min', RATE_LIMIT_CONFLICT_CHECK: '12/min' }),
  });
  team = await makeTeam();
});
afterAll(() => app.close());

const nextMinute = () => app.clock.advance(61_000);
const get = (who: Employee, path: string) => app.as(who)(path);
const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
type Detail = {
  contactsMasked: boolean;
  profile: { phones: string[]; boss: string };
  contacts: { phones: string[] }[];
};

describe('customer reads', () => {
  it('when a rep walks customer ids, then after the per-employee limit every read is refused with 429', async () => {
    const walker = await makeEmployee({ name: '爬虫销售' });
    nextMinute();
    const ids = [];
    for (let i = 0; i < 8; i++) {
      ids.push(String((await makePublicCustomer(app.clock.now()))._id));
    }
    const statuses = [];
    for (const id of ids) {
      statuses.push((await get(walker, `/api/customers/${id}`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    // Unknown ids count too: walking past the end burns the same budget.
    nextMinute();
    for (let i = 0; i < 6; i++) {
      await get(walker, `/api/customers/0123456789abcdef0123456${i}`);
    }
    await expectError(await get(walker, `/api/customers/${ids[0]}`), 429, 'RATE_LIMITED');
  });

  it('when a public customer is opened by a manager or by ops, then its phones and boss are masked for them too', async () => {
    nextMinute();
    const customer = await makePublicCustomer(app.clock.now(), { phones: ['13812345678'], boss: '陈志强' });
    for (const viewer of [team.rep, team.manager, team.ops]) {
      const detail = await json<Detail>(await get(viewer, `/api/customers/${String(customer._id)}`));
      expect(detail).toMatchObject({ contactsMasked: true, profile: { phones: ['138****5678'], boss: '陈**' } });
    }
    const check = await json<{ matches: { contact: { masked: boolean; phones: string[] } }[] }>(
      await post(team.ops, '/api/conflicts/check', { name: customer.name }),
    );
    expect(check.matches[0]?.contact).toMatchObject({ masked: true, phones: ['138****5678'] });
  });

  it('when ops reveal one unheld customer with a reason, then they get its contacts and the reveal is audited; reps may not', async () => {
    nextMinute();
    const customer = await makePublicCustomer(app.clock.now(), { phones: ['13912340000'], boss: '李建国' });
    const path = `/api/customers/${String(customer._id)}/contacts/reveal`;
    await expectError(await post(team.rep, path, { reason: '想看看' }), 403, 'FORBIDDEN');
    await expectError(await post(team.manager, path, { reason: '想看看' }), 403, 'FORBIDDEN');
    await expectError(await post(team.ops, path, {}), 400, 'VALIDATION_FAILED');
    const revealed = await json<{ phones: string[]; boss: string }>(
      await post(team.ops, path, { reason: '核实重复客户的联系人' }),
    );
    expect(revealed).toMatchObject({ phones: ['13912340000'], boss: '李建国' });
    const audit = await ContactDisclosureModel.find({ customerId: customer._id }).lean();
    expect(audit).toMatchObject([{ employeeId: team.ops._id, reason: '核实重复客户的联系人' }]);
    // A customer someone holds needs no reveal: its holder and their manager see it.
    const held = await ownedCustomer(app, team.rep);
    await expectError(
      await post(team.ops, `/api/customers/${String(held._id)}/contacts/reveal`, { reason: '核实' }),
      409,
      'INVALID_STATE',
    );
  });
});

describe('refusals name nobody', () => {
  it("when a rep is refused another rep's private or staked customer on any path, then no answer carries its name or holder", async () => {
    nextMinute();
    const held = await ownedCustomer(app, team.other, '宁波鸿泰精密机械有限公司');
    const staked = await makePublicCustomer(app.clock.now(), { name: '温州瓯越阀门制造有限公司' });
    await json(await post(team.other, `/api/customers/${String(staked._id)}/stake`));
    const mine = await ownedCustomer(app, team.rep, '嘉兴禾丰包装材料有限公司');
    const note = { content: '电话联系王总，确认了预算 30 万，约好下周二上门演示', contactName: '王总' };
    const [h, s] = [String(held._id), String(staked._id)];
    const refused = [
      await get(team.rep, `/api/customers/${h}`),
      await get(team.rep, `/api/customers/${s}`),
      await post(team.rep, `/api/customers/${h}/claim`),
      await post(team.rep, `/api/customers/${s}/claim`),
      await post(team.rep, `/api/customers/${h}/stake`),
      await post(team.rep, `/api/customers/${s}/stake`),
      await post(team.rep, `/api/customers/${s}/unstake`),
      await post(team.rep, `/api/customers/${h}/release`),
      await post(team.rep, `/api/customers/${h}/grade`, { grade: 'A' }),
      await post(team.rep, `/api/customers/${h}/stage`, { stage: 'opportunity' }),
      await post(team.rep, `/api/customers/${h}/profile`, { profile: { 行业: '机械' } }),
      await post(team.rep, `/api/customers/${h}/follow-ups`, note),
      await post(team.rep, '/api/follow-ups/check', { customerId: h, ...note }),
      await post(team.rep, `/api/customers/${h}/contacts/reveal`, { reason: '核实联系人' }),
      // A complaint must rest on the complainant's own record, not on another rep's.
      await post(team.rep, '/api/conflicts/cases', {
        customerId: String(mine._id),
        kind: 'duplicate',
        reason: '这是同一家公司，我先对接的',
        complainantCustomerId: s,
      }),
    ];
    const leaks = [held.name, staked.name, team.other.name, team.other.userId, String(team.other._id)];
    for (const res of refused) {
      const text = await res.text();
      expect(res.status, `${res.url} ${text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${res.url} ${text}`).toBeLessThan(500);
      for (const leak of leaks) {
        expect(text, `${res.url} answered ${text}`).not.toContain(leak);
      }
    }
  });
});

describe('conflict checks', () => {
  it('when a check carries many phones, then each phone counts against the limit', async () => {
    const checker = await makeEmployee({ name: '批量查重' });
    nextMinute();
    const phones = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `135${String(from + i).padStart(8, '0')}`);
    await json(await post(checker, '/api/conflicts/check', { phones: phones(0, 8) }));
    await expectError(await post(checker, '/api/conflicts/check', { phones: phones(100, 5) }), 429, 'RATE_LIMITED');
    await json(await post(checker, '/api/conflicts/check', { phones: phones(200, 4) }));
    await expectError(await post(checker, '/api/conflicts/check', { name: '字节跳动' }), 429, 'RATE_LIMITED');
  });

  it('when a rep tries number after number behind one masked phone, then the check is refused and ops are told once', async () => {
    const prober = await makeEmployee({ name: '试号码的人', userId: 'prober1' });
    nextMinute();
    await makePublicCustomer(app.clock.now(), { phones: ['13877775678'] });
    for (const guess of ['13800005678', '13800015678', '13800025678']) {
      await json(await post(prober, '/api/conflicts/check', { phones: [guess] }));
    }
    const refused = await expectError(
      await post(prober, '/api/conflicts/check', { phones: ['13800035678'] }),
      429,
      'PROBING_REFUSED',
    );
    expect(refused.error.details).toMatchObject({ pattern: '138****5678' });
    await expectError(await post(prober, '/api/conflicts/check', { phones: ['13877775678'] }), 429, 'PROBING_REFUSED');
    const reports = await OutboundMessageModel.find({ kind: 'security', toUserId: team.ops.userId }).lean();
    expect(reports).toHaveLength(1);
    expect(JSON.stringify(reports[0]!.payload)).toContain('试号码的人');
    // Numbers of other patterns are what reps check every day: they pass; that pattern stays closed today.
    await json(await post(prober, '/api/conflicts/check', { phones: ['13600001111'] }));
    await expectError(await post(prober, '/api/conflicts/check', { phones: ['13800005678'] }), 429, 'PROBING_REFUSED');
  });
});

describe('complaints', () => {
  it('when a rep withdraws a complaint and files again at once, then it is refused until the cooldown ends; the holder hears at most 200 characters', async () => {
    const customer = await ownedCustomer(app, team.other);
    const body = { customerId: String(customer._id), kind: 'thin', reason: '跟进记录全是继续跟进。'.repeat(40) };
    const filed = await json<{ id: string }>(await post(team.rep, '/api/conflicts/cases', body), 201);
    await expectError(await post(team.rep, '/api/conflicts/cases', body), 409, 'CASE_ALREADY_OPEN');
    await json(await post(team.rep, `/api/conflicts/cases/${filed.id}/withdraw`));
    await expectError(await post(team.rep, '/api/conflicts/cases', body), 409, 'COOLDOWN_ACTIVE');
    const notices = await OutboundMessageModel.find({ kind: 'case-filed', toUserId: team.other.userId }).lean();
    expect(notices).toHaveLength(1);
    const content = (notices[0]!.payload as { text: { content: string } }).text.content;
    const quoted = /申诉：(.*?)。销售运营/.exec(content)?.[1] ?? '';
    expect([...quoted].length).toBeLessThanOrEqual(201);
    app.clock.advance(24 * 3600 * 1000 + 1000);
    await json(await post(team.rep, '/api/conflicts/cases', body), 201);
  });
});
