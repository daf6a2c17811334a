import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPublicCustomers } from '../../../models/customers/use-cases/bulk-insert.js';
import { ConflictCaseModel } from '../../../models/conflicts/cases/conflict-case.model.js';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { claimCustomer } from '../../../models/pool/claim-customer.js';
import { createCustomer } from '../../../models/customers/use-cases/create-customer.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  systemContext,
  testConfig,
} from '../../../tests/support/factories.js';

useTestDatabase();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface ErrorBody {
  error: { code: string; message: string };
}

describe('POST /api/conflicts/check', () => {
  it('when a rep checks a name, then each match comes with its state, owner and team, and contact details masked', async () => {
    const team = await makeDepartment({ name: '华东三组' });
    const owner = await makeEmployee({ name: '周杰', mainDepartmentId: team.deptId });
    const rep = await makeEmployee();
    await createCustomer(
      { customer: { name: '上海汇聚力行供应链管理有限公司', phones: ['13666667777'] }, into: 'private' },
      employeeContext(owner, app.clock.now()),
    );

    const res = await app.as(rep)('/api/conflicts/check', {
      method: 'POST',
      json: { name: '匯聚力行供應鏈', phones: '136 6666 7777' },
    });

    expect(res.status).toBe(200);
    const body = (await res.json()) as { understood: { coreName: string }; matches: Record<string, unknown>[] };
    expect(body.understood.coreName).toBe('汇聚力行');
    expect(body.matches).toHaveLength(1);
    expect(body.matches[0]).toMatchObject({
      name: '上海汇聚力行供应链管理有限公司',
      relation: 'same',
      state: 'private',
      owner: { name: '周杰', team: '华东三组' },
      matchedOn: ['coreName', 'phone'],
      contact: { phones: ['136****7777'], masked: true },
    });
  });

  it('when a rep checks past the rate limit, then 429 RATE_LIMITED in Chinese with Retry-After, and other reps are unaffected', async () => {
    const limited = await startTestApp(
      { config: testConfig({ RATE_LIMIT_CONFLICT_CHECK: '2/min' }) },
      app.clock.now().toISOString(),
    );
    try {
      const [rep, other] = [await makeEmployee(), await makeEmployee()];
      const check = (who: typeof rep) =>
        limited.as(who)('/api/conflicts/check', { method: 'POST', json: { name: '限流测试科技' } });
      expect([(await check(rep)).status, (await check(rep)).status]).toEqual([200, 200]);
      const refused = await check(rep);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      const body = (await refused.json()) as ErrorBody;
      expect(body.error.code).toBe('RATE_LIMITED');
      expect(body.error.message).toContain('查重');
      expect((await check(other)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('when the input is missing, malformed or not JSON, or there is no session, then a 400 (or 401) with a code', async () => {
    const rep = await makeEmployee();
    const cases: [RequestInit & { json?: unknown }, number, string][] = [
      [{ method: 'POST', json: {} }, 400, 'VALIDATION_FAILED'],
      [{ method: 'POST', json: { customerId: 'not-an-id' } }, 400, 'VALIDATION_FAILED'],
      [{ method: 'POST', json: { name: '某公司', surprise: true } }, 400, 'VALIDATION_FAILED'],
      [{ method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
      [{ method: 'POST', json: { name: 'x'.repeat(201) } }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [init, status, code] of cases) {
      const res = await app.as(rep)('/api/conflicts/check', init);
      expect(res.status, JSON.stringify(init)).toBe(status);
      expect(((await res.json()) as ErrorBody).error.code).toBe(code);
    }
    const anonymous = await app.as(null)('/api/conflicts/check', { method: 'POST', json: { name: '某公司' } });
    expect(anonymous.status).toBe(401);
  });
});

describe('conflict cases over HTTP', () => {
  async function heldDuplicate() {
    const [complainant, respondent, ops, stranger] = [
      await makeEmployee(),
      await makeEmployee(),
      await makeEmployee({ role: 'ops' }),
      await makeEmployee(),
    ];
    const [customerId] = await insertPublicCustomers(
      [{ name: `佳美${respondent.userId}商贸有限公司` }],
      systemContext(app.clock.now()),
    );
    await claimCustomer({ customerId: customerId! }, employeeContext(respondent, app.clock.now()));
    return { complainant, respondent, ops, stranger, customerId: String(customerId) };
  }

  it("when a rep files a complaint, then 201 with both sides' criteria; the holder lists it; a stranger gets 404", async () => {
    const { complainant, respondent, stranger, customerId } = await heldDuplicate();

    const res = await app.as(complainant)('/api/conflicts/cases', {
      method: 'POST',
      json: { customerId, kind: 'fake', reason: '电话是空号，联系人不存在' },
    });

    expect(res.status).toBe(201);
    const filed = (await res.json()) as {
      id: string;
      status: string;
      assessment: { respondent: { employeeId: string }; suggestion: { decision: string } };
    };
    expect(filed).toMatchObject({ status: 'open', assessment: { respondent: { employeeId: String(respondent._id) } } });
    const listed = (await (await app.as(respondent)('/api/conflicts/cases?status=open')).json()) as {
      cases: { id: string }[];
    };
    expect(listed.cases.map((c) => c.id)).toContain(filed.id);
    expect((await app.as(stranger)(`/api/conflicts/cases/${filed.id}`)).status).toBe(404);
    expect(
      (
        (await app
          .as(stranger)('/api/conflicts/cases')
          .then((r) => r.json())) as { cases: unknown[] }
      ).cases,
    ).toEqual([]);
  });

  it('when a rep tries to rule, then 403 and nothing changes; when ops rule, then the customer moves and the case is ruled', async () => {
    const { complainant, respondent, ops, customerId } = await heldDuplicate();
    const filed = (await (
      await app.as(complainant)('/api/conflicts/cases', {
        method: 'POST',
        json: { customerId, kind: 'duplicate', reason: '我先对接的这家公司' },
      })
    ).json()) as { id: string };

    const byRep = await app.as(respondent)(`/api/conflicts/cases/${filed.id}/ruling`, {
      method: 'POST',
      json: { decision: 'respondent' },
    });
    expect(byRep.status).toBe(403);
    expect((await ConflictCaseModel.findById(filed.id).lean())?.status).toBe('open');
    const badDecision = await app.as(ops)(`/api/conflicts/cases/${filed.id}/ruling`, {
      method: 'POST',
      json: { decision: 'nobody' },
    });
    expect(badDecision.status).toBe(400);

    const ruled = await app.as(ops)(`/api/conflicts/cases/${filed.id}/ruling`, {
      method: 'POST',
      json: { decision: 'complainant', note: '核实后判给申诉人' },
    });

    expect(ruled.status).toBe(200);
    expect(await ruled.json()).toMatchObject({
      case: { status: 'ruled', ruling: { decision: 'complainant', transferred: true } },
      customer: { ownerId: String(complainant._id) },
    });
    expect(String((await CustomerModel.findById(customerId).lean())?.ownerId)).toBe(String(complainant._id));
  });

  it('when the complainant withdraws, then the case closes and a new complaint may be filed', async () => {
    const { complainant, customerId } = await heldDuplicate();
    const filed = (await (
      await app.as(complainant)('/api/conflicts/cases', {
        method: 'POST',
        json: { customerId, kind: 'thin', reason: '跟进记录全是继续跟进' },
      })
    ).json()) as { id: string };

    const withdrawn = await app.as(complainant)(`/api/conflicts/cases/${filed.id}/withdraw`, { method: 'POST' });

    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    const again = await app.as(complainant)('/api/conflicts/cases', {
      method: 'POST',
      json: { customerId, kind: 'thin', reason: '跟进记录依然全是继续跟进' },
    });
    expect(again.status).toBe(201);
  });
});
