import { Types } from 'mongoose';
import { customerFilter } from '../models/console/customer-list.js';
import { listConsoleCustomers } from '../models/console/customer-page.js';
import { CustomerModel } from '../models/customers/customer.model.js';
import { DepartmentModel } from '../models/org/department.model.js';
import { EmployeeModel } from '../models/org/employee.model.js';
import type { DomainContext } from '../models/shared/domain-context.js';
import { countCommands, perOperation } from './command-counter.js';
import { quantile, type Benchmark, type BenchResult } from './bench.js';
import { bulkInsert, check, startBenchDatabase } from './jobs-bench-support.js';

// The console's 客户 list over 200,000 customers on the local defaults (embedded database): pages of
// the whole company for sales ops, with filters, and a manager's team. Goal: < 500 ms per page, the first
// included. The console pages by cursor (the last customer of the page before, models/console/customer-page.ts);
// a page deeper than the cursor it has skips the pages between, as a deep link without any cursor does.
// Run alone: `npm run bench -- console-customers [--customers N]`.

const i = process.argv.indexOf('--customers');
const CUSTOMERS = i >= 0 ? Number(process.argv[i + 1]) : 200_000;
const TEAMS = 50;
const REPS_PER_TEAM = 10;
const now = new Date('2026-03-10T02:00:00Z');
const regions = ['北京市', '上海市', '广东省深圳市', '浙江省杭州市', '江苏省苏州市', '四川省成都市'];
const industries = ['软件', '制造', '电子商务', '教育', '物流', '医疗'];
const grades = ['A', 'B', 'C', 'D', null];

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const employee = (fields: Record<string, unknown>) => ({
  _id: new Types.ObjectId(),
  role: 'rep',
  status: 'active',
  departmentIds: [],
  leaderOfDepartmentIds: [],
  privateCount: 0,
  stakedCount: 0,
  ...fields,
});

function* customers(reps: { _id: Types.ObjectId; mainDepartmentId: number }[]) {
  for (let n = 0; n < CUSTOMERS; n++) {
    const rep = random() < 0.4 ? pick(reps) : null;
    yield {
      _id: new Types.ObjectId(),
      name: `客户${n}科技有限公司`,
      keys: { normalizedName: `客户${n}科技有限公司`, coreName: `客户${n}` },
      source: 'import',
      region: pick(regions),
      industry: pick(industries),
      grade: rep ? pick(grades) : null,
      stage: 'lead',
      poolState: rep ? 'private' : 'public',
      ownerId: rep?._id ?? null,
      ownerDepartmentId: rep?.mainDepartmentId ?? null,
      claimedAt: rep ? now : null,
      protectedUntil: rep ? new Date(now.getTime() + Math.floor(random() * 30) * 86_400_000) : null,
      phones: [`138${String(n).padStart(8, '0')}`],
      locked: false,
      cooldowns: [],
      version: 1,
    };
  }
}

export const benchmark: Benchmark = {
  name: 'console-customers',
  description: `the console's customer list over ${CUSTOMERS.toLocaleString('en')} customers: pages, filters, a manager's team`,
  async run(_config, log) {
    const env = await startBenchDatabase();
    try {
      await DepartmentModel.insertMany(
        Array.from({ length: TEAMS }, (_, t) => ({ deptId: 100 + t, name: `销售${t + 1}组`, parentId: null })),
      );
      const reps = Array.from({ length: TEAMS * REPS_PER_TEAM }, (_, r) => {
        const deptId = 100 + Math.floor(r / REPS_PER_TEAM);
        return employee({ userId: `rep${r}`, name: `销售${r}`, mainDepartmentId: deptId, departmentIds: [deptId] });
      }) as unknown as ({ _id: Types.ObjectId; mainDepartmentId: number } & Record<string, unknown>)[];
      const ops = employee({ userId: 'ops', name: '运营', role: 'ops' });
      const manager = employee({
        userId: 'mgr',
        name: '主管',
        role: 'manager',
        mainDepartmentId: 100,
        departmentIds: [100],
        leaderOfDepartmentIds: [100],
      });
      await EmployeeModel.collection.insertMany([...reps, ops, manager]);
      const seeded = Date.now();
      await bulkInsert(CustomerModel.collection, customers(reps));
      log(`seeded ${CUSTOMERS} customers in ${((Date.now() - seeded) / 1000).toFixed(0)} s`);
      const as = (e: { _id: Types.ObjectId; role: unknown }): DomainContext => ({
        actor: { kind: 'employee', employeeId: e._id, role: e.role as 'ops' },
        now,
        config: env.config,
      });
      const PAGE = 20;
      const lastPage = Math.ceil(CUSTOMERS / PAGE);
      // [label, viewer, filters, page, the page whose cursor the console holds (0: none)]
      const cases: [string, DomainContext, Record<string, unknown>, number, number][] = [
        ['ops, first page', as(ops), {}, 1, 0],
        ['ops, page 2 from the cursor of page 1', as(ops), {}, 2, 1],
        ['ops, page 11 jumped to from the cursor of page 1', as(ops), {}, 11, 1],
        ['ops, page 500 from the cursor of page 499', as(ops), {}, 500, 499],
        ['ops, last page from the cursor of the one before', as(ops), {}, lastPage, lastPage - 1],
        ['ops, page 500 as a deep link (no cursor)', as(ops), {}, 500, 0],
        ['ops, private A-class in 北京, page 3', as(ops), { state: 'private', grade: 'A', region: '北京' }, 3, 2],
        ['ops, dropping within a week', as(ops), { dropBefore: '2026-03-17' }, 1, 0],
        ['manager, their team, page 2', as(manager), {}, 2, 1],
      ];
      // The cursor the console got with a page: that page's last customer, newest first.
      const cursorOf = async (ctx: DomainContext, filters: Record<string, unknown>, page: number) => {
        const { filter } = await customerFilter(filters, ctx);
        const [last] = await CustomerModel.find(filter, { _id: 1 })
          .sort({ _id: -1 })
          .skip(page * PAGE - 1)
          .limit(1)
          .lean();
        return { after: String(last!._id), from: page + 1 };
      };
      const results: BenchResult[] = [];
      const counter = await countCommands();
      const pages = [];
      for (const [label, ctx, filters, page, cursorPage] of cases) {
        const input = {
          pageSize: PAGE,
          page,
          ...filters,
          ...(cursorPage ? await cursorOf(ctx, filters, cursorPage) : {}),
        };
        const times: number[] = [];
        let answer: Awaited<ReturnType<typeof listConsoleCustomers>> | undefined;
        for (let run = 0; run < 5; run++) {
          const started = performance.now();
          answer = await listConsoleCustomers(input, ctx);
          times.push(performance.now() - started);
        }
        check(answer!.items.length > 0 && answer!.items.length <= PAGE, `${label}: a page of rows`);
        const measured = await counter.measure(() => listConsoleCustomers(input as never, ctx));
        pages.push(measured);
        const first = times[0]!;
        times.sort((x, y) => x - y);
        const p50 = quantile(times, 0.5);
        const total = `${answer!.total.toLocaleString('en')}${answer!.more ? '+' : ''}`;
        const { commands, docs } = measured.counted;
        log(
          `${label}: first ${first.toFixed(0)} ms, p50 ${p50.toFixed(0)} ms; ${commands} commands, ${docs} docs (${total})`,
        );
        results.push(
          {
            metric: `console customer list, first request: ${label}`,
            value: Math.round(first),
            unit: 'ms',
            detail: `the first of 5 (nothing cached: no list state is kept between requests); goal < 500 ms`,
          },
          {
            metric: `console customer list: ${label}`,
            value: Math.round(p50),
            unit: 'ms',
            detail: `p50 of 5; total shown ${total} of ${CUSTOMERS.toLocaleString('en')}; goal < 500 ms`,
          },
          {
            metric: `documents examined: ${label}`,
            value: docs,
            unit: 'documents',
            detail: `${commands} commands, Node CPU ${measured.cpuMs.toFixed(1)} ms`,
          },
        );
      }
      counter.stop();
      results.push(
        ...perOperation('console list page', pages, `one first request of each of the ${cases.length} cases above`),
      );
      return results;
    } finally {
      await env.close();
    }
  },
};
