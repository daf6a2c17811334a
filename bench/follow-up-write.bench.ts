import { Types } from 'mongoose';
import { CustomerModel } from '../models/customers/customer.model.js';
import { FollowUpModel } from '../models/follow-ups/follow-up.model.js';
import { recordFollowUp } from '../models/follow-ups/record-follow-up.js';
import { EmployeeModel } from '../models/org/employee.model.js';
import { DAY } from '../models/shared/clock.js';
import type { Benchmark } from './bench.js';
import { quantile } from './bench.js';
import { countCommands } from './command-counter.js';
import { bulkInsert, check, figures, startBenchDatabase, timed } from './jobs-bench-support.js';

// One follow-up write (latest-note lookup, the guarded customer update, the note, superseding earlier plans)
// with 120,000 follow-ups stored, on the local defaults; the baseline is the same write with follow_ups'
// non-unique indexes dropped (what the embedded server did before it honoured them).
// Run alone: `npm run bench -- follow-up-write [--follow-ups N]`.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const FOLLOW_UPS = arg('--follow-ups', 120_000);
const CUSTOMERS = 2_000;
const REPS = 200;
const WRITES = 40;
const BASELINE_WRITES = 3;
const now = new Date('2026-03-10T06:00:00Z');
const note = '今天电话沟通了报价方案，客户确认下周三到公司详谈合同细节，需要准备产品演示和两套报价';

function customer(i: number, ownerId: Types.ObjectId) {
  const name = `跟进基准客户${i}有限公司`;
  return {
    _id: new Types.ObjectId(),
    name,
    keys: { normalizedName: name, coreName: `跟进基准客户${i}` },
    phones: [],
    emailDomains: [],
    source: 'import',
    profile: {},
    stage: 'lead',
    poolState: 'private',
    ownerId,
    ownerDepartmentId: 2001,
    claimedAt: new Date(now.getTime() - 5 * DAY),
    protectedUntil: new Date(now.getTime() + 20 * DAY),
    dropReason: 'no-valid-follow-up',
    locked: false,
    cooldowns: [],
    version: 1,
    ledgerOutbox: [],
    createdAt: now,
    updatedAt: now,
  };
}

export const benchmark: Benchmark = {
  name: 'follow-up-write',
  description: `one follow-up write with ${FOLLOW_UPS.toLocaleString('en-US')} follow-ups stored`,
  async run(_config, log) {
    const env = await startBenchDatabase();
    try {
      const reps = Array.from({ length: REPS }, (_, i) => ({
        _id: new Types.ObjectId(),
        userId: `fu-rep${i}`,
        name: `跟进销售${i}`,
        departmentIds: [2001],
        mainDepartmentId: 2001,
        leaderOfDepartmentIds: [],
        role: 'rep',
        status: 'active',
        privateCount: CUSTOMERS / REPS,
        stakedCount: 0,
        createdAt: now,
        updatedAt: now,
      }));
      const customers = Array.from({ length: CUSTOMERS }, (_, i) => customer(i, reps[i % REPS]!._id));
      function* followUps() {
        for (let i = 0; i < FOLLOW_UPS; i++) {
          const c = customers[i % CUSTOMERS]!;
          const at = new Date(now.getTime() - (i % 300) * 3_600_000);
          yield {
            customerId: c._id,
            authorId: c.ownerId,
            channel: 'phone',
            content: `第${i}次跟进：沟通需求与报价`,
            nextFollowUpAt: i % 3 === 0 ? new Date(at.getTime() + 2 * DAY) : null,
            nextFollowUpDoneAt: null,
            quality: { valid: true, score: 80, reasons: [] },
            countedForProtection: true,
            createdAt: at,
            updatedAt: at,
          };
        }
      }
      log(`seeding ${FOLLOW_UPS} follow-ups over ${CUSTOMERS} customers`);
      const seeded = await timed(async () => {
        await bulkInsert(EmployeeModel.collection, reps);
        await bulkInsert(CustomerModel.collection, customers);
        return bulkInsert(FollowUpModel.collection, followUps());
      });
      const counter = await countCommands();
      const write = (i: number) => {
        const c = customers[(i * 37) % CUSTOMERS]!;
        const ctx = {
          actor: { kind: 'employee' as const, employeeId: c.ownerId, role: 'rep' as const },
          now: new Date(now.getTime() + i * 60_000),
          config: env.config,
        };
        return counter.measure(() => recordFollowUp({ customerId: c._id, content: note, channel: 'phone' }, ctx));
      };
      log(`seeded in ${seeded.ms} ms; ${WRITES} writes`);
      type Run = Awaited<ReturnType<typeof write>>;
      const runs: Run[] = [];
      for (let i = 0; i < WRITES; i++) {
        runs.push(await write(i));
      }
      log(`baseline: ${BASELINE_WRITES} writes without follow_ups' non-unique indexes`);
      for (const index of await FollowUpModel.collection.listIndexes().toArray()) {
        if (index.name !== '_id_') {
          await FollowUpModel.collection.dropIndex(index.name as string);
        }
      }
      const baseline: Run[] = [];
      for (let i = 0; i < BASELINE_WRITES; i++) {
        baseline.push(await write(WRITES + i));
      }
      counter.stop();
      await FollowUpModel.syncIndexes();

      // The invariants behind the figures: every write stored its note and superseded earlier plans.
      const written = await FollowUpModel.countDocuments({ content: note });
      check(written === WRITES + BASELINE_WRITES, `${written} notes written`);
      const firstCustomer = customers[0]!._id;
      const open = await FollowUpModel.countDocuments({
        customerId: firstCustomer,
        nextFollowUpAt: { $ne: null },
        nextFollowUpDoneAt: null,
        createdAt: { $lt: now },
      });
      check(open === 0, `earlier plans of a written customer are superseded (${open} open)`);

      const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
      const per = (pick: (r: Run) => number, list = runs) =>
        Math.round((list.reduce((sum, r) => sum + pick(r), 0) / list.length) * 10) / 10;
      const baselineMs = per((r) => r.ms, baseline);
      const baselineDocs = per((r) => r.counted.docs, baseline);
      return figures(`${FOLLOW_UPS.toLocaleString('en-US')} follow-ups stored, ${CUSTOMERS} customers`, [
        { name: 'follow-up write p50', value: Math.round(quantile(ms, 0.5) * 10) / 10, unit: 'ms' },
        { name: 'follow-up write p95', value: Math.round(quantile(ms, 0.95) * 10) / 10, unit: 'ms' },
        { name: 'commands per follow-up write', value: per((r) => r.counted.commands), unit: 'commands' },
        { name: 'documents examined per write', value: per((r) => r.counted.docs), unit: 'documents' },
        { name: 'index keys examined per write', value: per((r) => r.counted.keys), unit: 'keys' },
      ]).map((result, i) =>
        i === 0
          ? { ...result, baseline: { value: baselineMs, label: 'without non-unique indexes' } }
          : i === 3
            ? { ...result, baseline: { value: baselineDocs, label: 'without non-unique indexes' } }
            : result,
      );
    } finally {
      await env.close();
    }
  },
};
