import { Types } from 'mongoose';
import { CustomerModel } from '../models/customers/customer.model.js';
import { EmployeeModel } from '../models/org/employee.model.js';
import { LedgerEntryModel } from '../models/customers/ledger-entry.model.js';
import { OutboundMessageModel } from '../models/messages/outbound-message.model.js';
import { DAY } from '../models/shared/clock.js';
import { dropSweepJob } from '../server/jobs/drop-sweep.job.js';
import type { Benchmark } from './bench.js';
import { countCommands } from './command-counter.js';
import { bulkInsert, check, figures, startBenchDatabase, timed } from './jobs-bench-support.js';
import { cpuDuring, embeddedDatabasePid } from './process-cpu.js';

// Drop sweep over 200,000 customers of which 20,000 are due, on the local defaults.
// Run alone: `npm run bench -- drop-sweep [--customers N] [--due N]`.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CUSTOMERS = arg('--customers', 200_000);
const DUE = arg('--due', 20_000);
const REPS = Math.max(1, Math.round(CUSTOMERS / 200)); // 1,000 reps at full size
const PRIVATE_PER_REP = 50;

const now = new Date('2026-03-10T16:05:00Z'); // 00:05 on 11 March in Shanghai
export const benchmark: Benchmark = {
  name: 'drop-sweep',
  description: `drop sweep (掉保) over ${CUSTOMERS.toLocaleString('en-US')} customers with ${DUE.toLocaleString('en-US')} due`,
  async run(_config, log) {
    const env = await startBenchDatabase();
    try {
      const reps = Array.from({ length: REPS }, (_, i) => ({
        _id: new Types.ObjectId(),
        userId: `rep${i}`,
        name: `销售${i}`,
        departmentIds: [2001],
        mainDepartmentId: 2001,
        leaderOfDepartmentIds: [],
        role: 'rep',
        status: 'active',
        privateCount: 0,
        stakedCount: 0,
        createdAt: now,
        updatedAt: now,
      }));
      const privateTotal = Math.min(CUSTOMERS, REPS * PRIVATE_PER_REP);
      function* customers() {
        for (let i = 0; i < CUSTOMERS; i++) {
          const owned = i < privateTotal;
          const rep = reps[i % REPS]!;
          // The first DUE private customers ran out of protection at midnight; the others are protected.
          const due = owned && i < DUE;
          const name = `基准客户${i}有限公司`;
          yield {
            name,
            keys: { normalizedName: name, coreName: `基准客户${i}` },
            phones: [],
            emailDomains: [],
            source: 'import',
            profile: {},
            completeness: 0,
            dataQuality: 'in-profile',
            grade: null,
            gradeHistory: [],
            stage: 'lead',
            stageHistory: [],
            signedAt: null,
            poolState: owned ? 'private' : 'public',
            ownerId: owned ? rep._id : null,
            ownerDepartmentId: owned ? 2001 : null,
            claimedAt: owned ? new Date(now.getTime() - (due ? 31 : 5) * DAY) : null,
            lastValidFollowUpAt: null,
            lastFollowUpAt: null,
            protectedUntil: owned ? new Date(now.getTime() + (due ? -5 * 60_000 : 20 * DAY)) : null,
            dropReason: owned ? 'no-valid-follow-up' : null,
            locked: false,
            lockedBy: null,
            cooldowns: [],
            publicSince: owned ? null : now,
            stakedBy: null,
            stakedAt: null,
            stakeDeadline: null,
            greenedAt: null,
            quarantineReason: '',
            createdBy: null,
            version: 1,
            ledgerOutbox: [],
            createdAt: now,
            updatedAt: now,
          };
        }
      }
      log(`seeding ${CUSTOMERS} customers`);
      const seeded = await timed(async () => {
        await bulkInsert(EmployeeModel.collection, reps);
        return bulkInsert(CustomerModel.collection, customers());
      });
      const perRep = new Map<string, number>();
      for (let i = 0; i < privateTotal; i++) {
        perRep.set(String(reps[i % REPS]!._id), (perRep.get(String(reps[i % REPS]!._id)) ?? 0) + 1);
      }
      for (const rep of reps) {
        await EmployeeModel.collection.updateOne(
          { _id: rep._id },
          { $set: { privateCount: perRep.get(String(rep._id)) ?? 0 } },
        );
      }
      // The job's warnings (a sample of failed drops), for the invariant's message.
      const warnings: unknown[] = [];
      const jobLog = {
        ...env.deps.log,
        warn: (message: string, fields?: unknown) => warnings.push({ message, fields }),
      };
      const ctx = { deps: env.deps, now, dryRun: false, log: jobLog as typeof env.deps.log };
      log(`seeded in ${seeded.ms} ms; sweeping`);
      const counter = await countCommands();
      // The embedded database's CPU beside this process's (/proc), when it is the embedded one.
      const dbPid = embeddedDatabasePid({ DATA_DIR: env.config.dataDir });
      const {
        result: sweep,
        ms: [sweepDbCpu],
      } = await cpuDuring([dbPid], () => counter.measure(() => dropSweepJob.run(ctx)));
      log(`swept in ${Math.round(sweep.ms)} ms; idle sweep`);
      const {
        result: idle,
        ms: [idleDbCpu],
      } = await cpuDuring([dbPid], () =>
        counter.measure(() => dropSweepJob.run({ ...ctx, now: new Date(now.getTime() + 10 * 60_000) })),
      );
      counter.stop();

      // The invariants behind the figures.
      const expectedDue = Math.min(DUE, privateTotal);
      check(
        sweep.result.dropped === expectedDue,
        `dropped ${String(sweep.result.dropped)} of ${expectedDue} (${JSON.stringify({ ...sweep.result, warnings })})`,
      );
      check(
        (await CustomerModel.countDocuments({ poolState: 'private', protectedUntil: { $lte: now } })) === 0,
        'nothing due is left',
      );
      check((await LedgerEntryModel.countDocuments({ action: 'drop' })) === expectedDue, 'one ledger entry per drop');
      const messages = await OutboundMessageModel.countDocuments({ kind: 'drop' });
      const losers = new Set(Array.from({ length: expectedDue }, (_, i) => i % REPS)).size;
      check(
        messages === losers && sweep.result.messages === losers,
        `one message per rep who lost customers (${messages} vs ${losers})`,
      );
      check(idle.result.dropped === 0 && idle.result.messages === 0, 'a second sweep does nothing');
      const counters = await EmployeeModel.aggregate<{ n: number }>([
        { $group: { _id: null, n: { $sum: '$privateCount' } } },
      ]);
      check(counters[0]?.n === privateTotal - expectedDue, 'capacity counters follow the drops');

      const perDrop = (n: number) => Math.round((n / Math.max(1, expectedDue)) * 10) / 10;
      return figures(
        `drop sweep over ${CUSTOMERS.toLocaleString('en-US')} customers with ${expectedDue.toLocaleString('en-US')} due (${REPS} reps)`,
        [
          { name: 'seed (bulk insert)', value: seeded.ms, unit: 'ms' },
          { name: 'sweep with due customers', value: Math.round(sweep.ms), unit: 'ms' },
          { name: 'commands per drop', value: perDrop(sweep.counted.commands), unit: 'commands' },
          { name: 'documents examined per drop', value: perDrop(sweep.counted.docs), unit: 'documents' },
          { name: 'Node CPU per drop', value: perDrop(sweep.cpuMs), unit: 'ms' },
          { name: 'database CPU per drop', value: perDrop(sweepDbCpu!), unit: 'ms' },
          { name: 'drops per second', value: Math.round(expectedDue / (sweep.ms / 1000)), unit: 'customers/s' },
          // The idle sweep is the one scan for due customers; the rest of a busy sweep is the drops themselves.
          {
            name: 'per drop (sweep minus scan)',
            value: Math.round(((sweep.ms - idle.ms) / Math.max(1, expectedDue)) * 10) / 10,
            unit: 'ms',
          },
          { name: 'rep messages queued', value: messages, unit: 'messages' },
          { name: 'idle sweep (nothing due)', value: Math.round(idle.ms), unit: 'ms' },
          {
            name: 'idle sweep: commands, documents examined',
            value: idle.counted.commands,
            unit: `commands, ${idle.counted.docs} docs`,
          },
          { name: 'idle sweep: Node CPU, database CPU', value: Math.round(idle.cpuMs), unit: `ms, ${idleDbCpu} ms` },
        ],
      );
    } finally {
      await env.close();
    }
  },
};
