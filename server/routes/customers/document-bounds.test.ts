import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { FollowUpModel } from '../../../models/follow-ups/follow-up.model.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { testConfig } from '../../../tests/support/factories.js';

useTestDatabase();

// Every text a person types is bounded and free of control characters, and no sequence of API calls
// can grow one customer document without limit (the embedded store and MongoDB both suffer past that).

let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig({ RATE_LIMIT_CLAIM: '100000/min' }) });
  team = await makeTeam();
});
afterAll(() => app.close());

const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
const fields = (count: number, from = 0, value: string | number = 1) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`field${from + i}`, value]));

async function storedBytes(id: unknown): Promise<number> {
  const raw = await mongoose.connection.db!.collection('customers').findOne({ _id: id as mongoose.Types.ObjectId });
  return mongoose.mongo.BSON.calculateObjectSize(raw!);
}

describe('customer profile bounds', () => {
  it('when a profile would pass 50 fields, in one request or over several, then 400 and the profile is unchanged', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const path = `/api/customers/${String(customer._id)}/profile`;
    await expectError(await post(team.rep, path, { profile: fields(51) }), 400, 'VALIDATION_FAILED');
    for (let batch = 0; batch < 5; batch++) {
      await json(await post(team.rep, path, { profile: fields(10, batch * 10) }));
    }
    await expectError(await post(team.rep, path, { profile: fields(1, 50) }), 400, 'VALIDATION_FAILED');
    const stored = await CustomerModel.findById(customer._id).lean();
    expect(Object.keys(stored!.profile as Record<string, unknown>)).toHaveLength(50);
    // Changing a field it already has still works.
    await json(await post(team.rep, path, { profile: { field3: '改过了' } }));
  });

  it('when a profile would pass 16 KB, then 400 VALIDATION_FAILED', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const body = { profile: fields(12, 0, '很长的画像内容'.repeat(70)) };
    const refused = await expectError(
      await post(team.rep, `/api/customers/${String(customer._id)}/profile`, body),
      400,
      'VALIDATION_FAILED',
    );
    expect(refused.error.details).toMatchObject({ maxBytes: 16 * 1024 });
  });

  it('when a profile field is named constructor, __proto__ or prototype, then 400 (not 500) and nothing is stored', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const path = `/api/customers/${String(customer._id)}/profile`;
    for (const name of ['constructor', 'prototype']) {
      await expectError(await post(team.rep, path, { profile: { [name]: 'x' } }), 400, 'VALIDATION_FAILED');
    }
    const proto = await app.as(team.rep)(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"profile":{"__proto__":"x"}}',
    });
    await expectError(proto, 400, 'VALIDATION_FAILED');
    const stored = await CustomerModel.findById(customer._id).lean();
    expect(Object.keys(stored!.profile as Record<string, unknown>)).toHaveLength(0);
  });
});

describe('control characters', () => {
  it.each([
    ['NUL', '和陈总电话沟通\u0000预算已确认，下周二上门演示'],
    ['BEL', '和陈总电话沟通\u0007预算已确认，下周二上门演示'],
    ['RIGHT-TO-LEFT OVERRIDE', '和陈总电话沟通\u202e预算已确认，下周二上门演示'],
  ])('when a follow-up carries %s, then 400 and nothing is stored', async (_, content) => {
    const customer = await ownedCustomer(app, team.rep);
    const path = `/api/customers/${String(customer._id)}/follow-ups`;
    await expectError(await post(team.rep, path, { content, contactName: '陈总' }), 400, 'VALIDATION_FAILED');
    expect(await FollowUpModel.countDocuments({ customerId: customer._id })).toBe(0);
    // Line breaks and tabs are what people type: they pass.
    await json(
      await post(team.rep, path, {
        content: '和陈总电话沟通：\n\t预算已确认，下周二上门演示产品',
        contactName: '陈总',
      }),
      201,
    );
  });

  it('when a reason, a profile value or a conflict-check name carries a control character, then 400', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const id = String(customer._id);
    await expectError(
      await post(team.rep, `/api/customers/${id}/grade`, { grade: 'A', reason: 'a\u0000b' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await post(team.rep, `/api/customers/${id}/profile`, { profile: { scale: '100\u202e人' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await post(team.rep, '/api/conflicts/check', { name: '字节\u0008跳动' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('no API path grows a customer past 256 KB', () => {
  it(
    'when every customer write is repeated with its largest input, then the stored document stays under 256 KB',
    { timeout: 120_000 },
    async () => {
      const customer = await ownedCustomer(app, team.rep);
      const id = String(customer._id);
      const long = (n: number) => '很长的说明文字'.repeat(Math.ceil(n / 7)).slice(0, n);
      // The fullest profile allowed, identity fields at their limits.
      await json(
        await post(team.rep, `/api/customers/${id}/profile`, {
          profile: fields(50, 0, long(90)),
          boss: long(50),
          legalRepresentative: long(50),
          industry: long(50),
          region: long(50),
          address: long(200),
          website: long(200),
          phones: Array.from({ length: 10 }, (_, i) => `1380013${String(i).padStart(4, '0')}`),
        }),
      );
      // Grade and stage moves each keep history on the customer; follow-ups and claims keep state.
      const grades = ['A', 'B', 'C', 'D'];
      const stages = ['customer', 'opportunity', 'contract', 'lead'];
      for (let i = 0; i < 200; i++) {
        await json(await post(team.rep, `/api/customers/${id}/grade`, { grade: grades[i % 4], reason: long(200) }));
        await json(await post(team.rep, `/api/customers/${id}/stage`, { stage: stages[i % 4], reason: long(200) }));
      }
      for (let i = 0; i < 20; i++) {
        await json(
          await post(team.rep, `/api/customers/${id}/follow-ups`, {
            content: long(5000),
            contactName: '陈总',
            nextStep: long(500),
          }),
          201,
        );
        await json(await post(team.rep, `/api/customers/${id}/release`, { reason: long(200) }));
        await json(await post(team.other, `/api/customers/${id}/claim`));
        await json(await post(team.other, `/api/customers/${id}/release`, { reason: long(200) }));
        app.clock.advance(8 * 24 * 3600 * 1000);
        await json(await post(team.rep, `/api/customers/${id}/claim`));
      }
      expect(await storedBytes(customer._id)).toBeLessThan(256 * 1024);
    },
  );
});
