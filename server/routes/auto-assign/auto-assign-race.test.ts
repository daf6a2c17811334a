import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignCounterModel } from '../../../models/pool/assign-counter.model.js';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { OutboundMessageModel } from '../../../models/messages/outbound-message.model.js';
import { json } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeDepartment, makeEmployee, makePublicCustomers } from '../../../tests/support/factories.js';

// Exactly once across instances: two app instances (two HTTP servers on the same database) are asked at
// the same moment, several times each, to assign the same new leads. Each lead gets one owner, one
// `assign` entry and one message; capacity and daily-cap counters match what was assigned.

useTestDatabase();
let first: TestApp;
let second: TestApp;
let ops: Employee;
let reps: Employee[];
beforeAll(async () => {
  first = await startTestApp();
  second = await startTestApp({ clock: first.clock });
  ops = await makeEmployee({ role: 'ops' });
  const dept = await makeDepartment({ name: '并发组' });
  reps = [];
  for (let i = 0; i < 4; i++) reps.push(await makeEmployee({ mainDepartmentId: dept.deptId }));
  await json(
    await first.as(ops)('/api/console/lead-department', { method: 'PUT', json: { departmentId: dept.deptId } }),
  );
  await json(
    await second.as(ops)(`/api/console/auto-assign/${dept.deptId}`, {
      method: 'PUT',
      json: { mode: 'round-robin', dailyCap: 100 },
    }),
  );
});
afterAll(async () => {
  await first.close();
  await second.close();
});

describe('automatic assignment on two instances', () => {
  it('when both instances assign the same leads at once, then every lead has exactly one owner, one assign entry and one message', async () => {
    const leads = await makePublicCustomers(12, first.clock.now());
    const answers = await Promise.all(
      leads.flatMap((lead) =>
        [first, second, first, second].map((app) =>
          app.as(ops)(`/api/customers/${String(lead._id)}/auto-assign`, { method: 'POST', json: {} }),
        ),
      ),
    );
    const bodies = await Promise.all(
      answers.map((r) => r.json() as Promise<{ assigned?: boolean; error?: { code: string } }>),
    );
    // Per lead: one request assigned it; the others found it no longer a new public lead.
    for (let i = 0; i < leads.length; i++) {
      const mine = bodies.slice(i * 4, i * 4 + 4);
      expect(mine.filter((b) => b.assigned === true)).toHaveLength(1);
      for (const b of mine.filter((x) => x.assigned !== true)) {
        expect(b.error?.code ?? (b as { reason?: string }).reason).toMatch(/INVALID_STATE|not-public/);
      }
    }
    const stored = await CustomerModel.find({ _id: { $in: leads.map((l) => l._id) } }).lean();
    expect(stored.every((c) => c.poolState === 'private' && c.ownerId && c.autoAssignedAt)).toBe(true);
    const entries = await LedgerEntryModel.find({
      customerId: { $in: leads.map((l) => l._id) },
      action: 'assign',
    }).lean();
    expect(entries).toHaveLength(leads.length);
    expect(await OutboundMessageModel.countDocuments({ _id: { $regex: '^auto-assign:' } })).toBe(leads.length);
    // Counters agree with the customers: nothing reserved by a losing instance stayed reserved.
    const held = await EmployeeModel.find({ _id: { $in: reps.map((r) => r._id) } }, { privateCount: 1 }).lean();
    expect(held.reduce((sum, e) => sum + e.privateCount, 0)).toBe(leads.length);
    const caps = await AssignCounterModel.find({ _id: { $regex: '^cap:' } }).lean();
    expect(caps.reduce((sum, c) => sum + c.count, 0)).toBe(leads.length);
    for (const rep of reps) {
      const owned = stored.filter((c) => String(c.ownerId) === String(rep._id)).length;
      expect(held.find((e) => String(e._id) === String(rep._id))?.privateCount).toBe(owned);
    }
  });
});
