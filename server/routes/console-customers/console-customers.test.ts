import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { json } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee, makePublicCustomers } from '../../../tests/support/factories.js';
import type { CustomerListAnswer } from './console-customers.schema.js';

useTestDatabase();

// The console's 客户 list pages by cursor, newest first: each answer gives the cursor of the next page, a page
// read from an earlier page's cursor skips only the pages between, and the total counts ten pages ahead
// ("N+") instead of every customer.

let app: TestApp;
let ops: Employee;
let newestFirst: string[];
beforeAll(async () => {
  app = await startTestApp();
  ops = await makeEmployee({ role: 'ops' });
  await makePublicCustomers(137, app.clock.now());
  newestFirst = (await CustomerModel.find({}, { _id: 1 }).sort({ _id: -1 }).lean()).map((c) => String(c._id));
}, 60_000);
afterAll(() => app?.close());

const list = async (query: Record<string, string | number>) =>
  json<CustomerListAnswer>(
    await app.as(ops)(
      `/api/console/customers?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`,
    ),
  );
const ids = (answer: CustomerListAnswer) => answer.items.map((row) => row.id);

describe('console customer list paging', () => {
  it('when ops follow the next cursors from the first page, then every customer comes once, newest first', async () => {
    const first = await list({ pageSize: 5 });
    expect(ids(first)).toEqual(newestFirst.slice(0, 5));
    // Counted as far as ten pages past this one: 55 of 137, and more follow.
    expect(first).toMatchObject({ page: 1, total: 55, more: true, next: newestFirst[4] });
    const seen = [...ids(first)];
    let answer = first;
    while (answer.next) {
      answer = await list({ pageSize: 5, page: answer.page + 1, after: answer.next, from: answer.page + 1 });
      seen.push(...ids(answer));
    }
    expect(seen).toEqual(newestFirst);
    // The last page counts exactly and has no next cursor.
    expect(answer).toMatchObject({ page: 28, total: 137, more: false, next: null });
    expect(ids(answer)).toHaveLength(2);
  });

  it('when a page is read from an earlier cursor or from none, then it holds the same customers', async () => {
    const second = await list({ pageSize: 10, page: 2 });
    const jumped = await list({ pageSize: 10, page: 6, after: second.next!, from: 3 });
    const direct = await list({ pageSize: 10, page: 6 });
    expect(ids(jumped)).toEqual(newestFirst.slice(50, 60));
    expect(ids(direct)).toEqual(ids(jumped));
    expect(jumped).toMatchObject({ total: 137, more: false });
    // A cursor for a later page than the one asked for is ignored: the page is read from the top.
    expect(ids(await list({ pageSize: 10, page: 2, after: second.next!, from: 3 }))).toEqual(ids(second));
  });

  it('when a customer is added while ops page on, then the next page from a cursor neither repeats nor skips', async () => {
    const first = await list({ pageSize: 20 });
    await makePublicCustomers(1, app.clock.now());
    const second = await list({ pageSize: 20, page: 2, after: first.next!, from: 2 });
    expect(ids(second)).toEqual(newestFirst.slice(20, 40));
  });
});
