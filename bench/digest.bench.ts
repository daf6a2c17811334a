import { writeFileSync } from 'node:fs';
import { Types } from 'mongoose';
import { CustomerModel } from '../models/customers/customer.model.js';
import { DepartmentModel } from '../models/org/department.model.js';
import { reviewFor } from '../models/digest/compute-digest.js';
import { EmployeeModel } from '../models/org/employee.model.js';
import { FollowUpModel } from '../models/follow-ups/follow-up.model.js';
import { LedgerEntryModel } from '../models/customers/ledger-entry.model.js';
import { OpportunityModel } from '../models/customers/opportunity.model.js';
import { OutboundMessageModel } from '../models/messages/outbound-message.model.js';
import { systemActor } from '../models/shared/domain-context.js';
import { DAY, HOUR } from '../models/shared/clock.js';
import { dailyDigestJob } from '../server/jobs/daily-digest.job.js';
import { seedCompanyDefaults } from '../models/pool/pool-rules.js';
import type { Benchmark, BenchResult } from './bench.js';
import { countCommands, perOperation } from './command-counter.js';
import { bulkInsert, check, figures, startBenchDatabase, timed } from './jobs-bench-support.js';

// Evening digests for 100 teams of 10 reps with 30 days of history, on the local defaults.
// Run alone: `npm run bench -- digest [--teams N]`.

const i = process.argv.indexOf('--teams');
const TEAMS = i >= 0 ? Number(process.argv[i + 1]) : 100;
// `--dump <file>`: every digest message of the run and the single team review, to compare the content of two runs.
const d = process.argv.indexOf('--dump');
const DUMP = d >= 0 ? process.argv[d + 1] : undefined;
const REPS_PER_TEAM = 10;
const CUSTOMERS_PER_REP = 40;
const DAYS = 30;
const now = new Date('2026-03-10T10:30:00Z'); // 18:30 in Shanghai
const dayStart = new Date('2026-03-09T16:00:00Z');

// A small deterministic generator, so every run seeds the same history.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export const benchmark: Benchmark = {
  name: 'digest',
  description: `evening digests (晚间复盘) for ${TEAMS} teams of ${REPS_PER_TEAM} reps with ${DAYS} days of history`,
  async run(_config, log) {
    const env = await startBenchDatabase();
    try {
      const departments = Array.from({ length: TEAMS }, (_, t) => ({
        deptId: 2001 + t,
        name: `销售${t + 1}组`,
        parentId: 1,
        businessLine: 'SMB',
        rules: {},
        deleted: false,
        order: 0,
      }));
      const employee = <T extends object>(fields: T) => ({
        _id: new Types.ObjectId(),
        departmentIds: [],
        leaderOfDepartmentIds: [],
        role: 'rep',
        status: 'active',
        privateCount: 0,
        stakedCount: 0,
        ...fields,
      });
      const managers = departments.map((d, t) =>
        employee({
          userId: `mgr${t}`,
          name: `主管${t}`,
          role: 'manager',
          mainDepartmentId: d.deptId,
          leaderOfDepartmentIds: [d.deptId],
        }),
      );
      const reps = departments.flatMap((d, t) =>
        Array.from({ length: REPS_PER_TEAM }, (_, r) =>
          employee({
            userId: `rep${t}-${r}`,
            name: `销售${t}-${r}`,
            mainDepartmentId: d.deptId,
            departmentIds: [d.deptId],
            privateCount: CUSTOMERS_PER_REP,
          }),
        ),
      );
      const ops = employee({ userId: 'ops0', name: '运营', role: 'ops' });

      const customers: Record<string, unknown>[] = [];
      const opportunities: Record<string, unknown>[] = [];
      for (const rep of reps) {
        for (let k = 0; k < CUSTOMERS_PER_REP; k++) {
          const _id = new Types.ObjectId();
          const name = `${String(rep.name)}的客户${k}`;
          const grade = pick(['A', 'B', 'B', 'C', 'C', 'C', null, null, null, null]);
          const stage = pick(['lead', 'lead', 'lead', 'customer', 'customer', 'opportunity', 'contract']);
          const claimedAt = new Date(now.getTime() - Math.floor(random() * DAYS) * DAY);
          const lastFollowUpAt = random() < 0.8 ? new Date(now.getTime() - Math.floor(random() * 200) * DAY) : null;
          customers.push({
            _id,
            name,
            keys: { normalizedName: name, coreName: name },
            phones: [],
            emailDomains: [],
            source: pick(['wecom', 'website', 'import', 'manual']),
            profile: {},
            grade,
            gradeHistory: grade ? [{ from: null, to: grade, at: claimedAt, by: rep._id }] : [],
            stage,
            stageHistory: stage === 'lead' ? [] : [{ from: 'lead', to: stage, at: claimedAt, by: rep._id }],
            poolState: 'private',
            ownerId: rep._id,
            ownerDepartmentId: rep.mainDepartmentId,
            claimedAt,
            lastFollowUpAt,
            lastValidFollowUpAt: lastFollowUpAt,
            protectedUntil: new Date(dayStart.getTime() + (1 + Math.floor(random() * 30)) * DAY),
            dropReason: 'no-valid-follow-up',
            locked: false,
            cooldowns: [],
            version: 3,
            ledgerOutbox: [],
            createdAt: claimedAt,
            updatedAt: now,
          });
          if (k < 10) {
            const open = k < 5;
            const history = ['qualify', 'needs', 'proposal', 'negotiation'].slice(0, 1 + Math.floor(random() * 4));
            const stageNow = open ? history[history.length - 1] : pick(['won', 'lost', 'lost']);
            opportunities.push({
              customerId: _id,
              ownerId: rep._id,
              name: `${name}项目`,
              stage: stageNow,
              amount: Math.round(random() * 50) * 10_000,
              stageHistory: [...history, ...(open ? [] : [stageNow])]
                .slice(1)
                .map((to, h) => ({ from: h === 0 ? 'qualify' : history[h], to, at: claimedAt })),
              expectedCloseAt: open ? new Date(now.getTime() + Math.floor(random() * 120) * DAY) : null,
              closedAt: open ? null : claimedAt,
              createdAt: claimedAt,
              updatedAt: now,
            });
          }
        }
      }
      const owned = new Map<string, Record<string, unknown>[]>();
      customers.forEach((c) => owned.set(String(c.ownerId), [...(owned.get(String(c.ownerId)) ?? []), c]));
      // 30 days of history per rep: claims, releases, drops, grade changes, new leads and follow-ups.
      function* ledger() {
        let n = 0;
        for (let d = 0; d < DAYS; d++) {
          for (const rep of reps) {
            const at = new Date(dayStart.getTime() - d * DAY + (9 + Math.floor(random() * 9)) * HOUR);
            const customer = pick(owned.get(String(rep._id))!);
            const entry = (action: string, before: object, after: object, reason = '') => ({
              _id: `bench:${n++}`,
              customerId: customer._id,
              action,
              actorKind: 'employee',
              actorId: rep._id,
              actorName: '',
              reason,
              before,
              after,
              at,
            });
            const owner = { ownerId: rep._id, poolState: 'private' };
            yield entry('claim', { poolState: 'public', ownerId: null }, owner);
            yield entry('claim', { poolState: 'public', ownerId: null }, owner);
            yield entry('release', owner, { poolState: 'public', ownerId: null });
            if (d % 2 === 0) yield entry('drop', owner, { poolState: 'public', ownerId: null }, 'no-valid-follow-up');
            yield entry(
              'grade',
              { ...owner, grade: pick(['B', 'C', null]) },
              { ...owner, grade: pick(['A', 'B', 'C']) },
            );
            if (d % 3 === 0) yield entry('create', {}, owner, pick(['wecom', 'website', 'referral']));
          }
        }
      }
      function* followUps() {
        for (let d = 0; d < DAYS; d++) {
          for (const rep of reps) {
            for (let f = 0; f < 4; f++) {
              const at = new Date(dayStart.getTime() - d * DAY + (9 + f * 2) * HOUR);
              const valid = random() < 0.7;
              yield {
                customerId: pick(owned.get(String(rep._id))!)._id,
                authorId: rep._id,
                channel: 'phone',
                content: valid ? '和采购王经理确认了预算和交付时间，下周二上门演示' : '继续跟进',
                nextStep: valid ? '下周二上门演示' : '',
                nextFollowUpAt: null,
                quality: { valid, score: valid ? 80 : 20, reasons: [] },
                countedForProtection: valid,
                nextFollowUpDoneAt: null,
                createdAt: at,
                updatedAt: at,
              };
            }
          }
        }
      }
      log(`seeding ${TEAMS} teams`);
      const seeded = await timed(async () => {
        let total = await bulkInsert(DepartmentModel.collection, departments);
        total += await bulkInsert(EmployeeModel.collection, [...managers, ...reps, ops]);
        total += await bulkInsert(CustomerModel.collection, customers);
        total += await bulkInsert(OpportunityModel.collection, opportunities);
        total += await bulkInsert(LedgerEntryModel.collection, ledger());
        total += await bulkInsert(FollowUpModel.collection, followUps());
        return total;
      });

      // As every server start does: the company's seeded rules, and with them the rules version the per-process
      // caches (pool rules, department tree, review settings) key on.
      await seedCompanyDefaults(env.config);
      const ctx = { deps: env.deps, now, dryRun: false, log: env.deps.log };
      log(`seeded ${seeded.result} documents in ${seeded.ms} ms; running the digest job`);
      const counter = await countCommands();
      const run = await counter.measure(() => dailyDigestJob.run(ctx));
      const rerun = await counter.measure(() => dailyDigestJob.run(ctx));
      const single = await counter.measure(() =>
        reviewFor(String(managers[0]!._id), { actor: systemActor('bench'), now, config: env.config }),
      );
      counter.stop();
      const perDigest = { counted: { ...run.counted }, cpuMs: run.cpuMs / (TEAMS + 1) };
      perDigest.counted.commands /= TEAMS + 1;
      perDigest.counted.docs /= TEAMS + 1;

      check(run.result.digests === TEAMS + 1, `one digest per manager and ops (${String(run.result.digests)})`);
      check(rerun.result.digests === 0 && rerun.result.alreadySent === TEAMS + 1, 'a re-run sends nothing');
      check(single.result?.reps.length === REPS_PER_TEAM, 'a team review covers its 10 reps');
      const messages = await OutboundMessageModel.find({ kind: 'digest' }, { payload: 1, toUserId: 1 }).lean();
      if (DUMP) {
        const sorted = [...messages].sort((a, b) => String(a._id).localeCompare(String(b._id)));
        const lines = sorted.map((m) => JSON.stringify({ id: m._id, to: m.toUserId, payload: m.payload }));
        // Ids are new every run: each is named by its order of first appearance.
        const ids = new Map<string, string>();
        const text = [...lines, JSON.stringify(single.result)].join('\n');
        writeFileSync(
          DUMP,
          `${text.replace(/[0-9a-f]{24}/g, (id) => ids.get(id) ?? ids.set(id, `#${ids.size}`).get(id)!)}\n`,
        );
      }
      const sizes = messages.map((m) =>
        Buffer.byteLength((m.payload as { markdown?: { content: string } }).markdown?.content ?? '', 'utf8'),
      );
      check(
        sizes.every((s) => s <= 2048),
        'every part within 2048 bytes',
      );
      check(new Set(messages.map((m) => m.toUserId)).size === TEAMS + 1, 'every recipient got their digest');

      const on = `evening digests for ${TEAMS} teams of ${REPS_PER_TEAM} reps with ${DAYS} days of history`;
      return [
        ...digestFigures(on, run, rerun, single, seeded, messages.length, sizes),
        ...perOperation('team digest', [perDigest], `${on}: the job's totals over ${TEAMS + 1} digests`),
        ...perOperation('team review', [single], `${on}: one manager's review (mini-app)`),
      ];
    } finally {
      await env.close();
    }
  },
};

function digestFigures(
  on: string,
  run: { ms: number },
  rerun: { ms: number },
  single: { ms: number },
  seeded: { ms: number; result: number },
  messages: number,
  sizes: number[],
): BenchResult[] {
  return figures(`${on} (+ the company digest)`, [
    { name: 'seed (bulk insert)', value: seeded.ms, unit: 'ms' },
    { name: 'documents seeded', value: seeded.result, unit: 'documents' },
    { name: 'digest job, all recipients', value: Math.round(run.ms), unit: 'ms' },
    { name: 'per digest', value: Math.round(run.ms / (TEAMS + 1)), unit: 'ms' },
    { name: 'messages queued', value: messages, unit: 'messages' },
    { name: 'largest message', value: Math.max(...sizes), unit: 'bytes' },
    { name: 're-run (all already sent)', value: Math.round(rerun.ms), unit: 'ms' },
    { name: 'one team review (mini-app)', value: Math.round(single.ms), unit: 'ms' },
  ]);
}
