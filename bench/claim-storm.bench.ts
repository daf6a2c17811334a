import { Agent } from 'node:http';
import type { Types } from 'mongoose';
import { parseConfig } from '../config/config.js';
import { insertPublicCustomers } from '../models/customers/use-cases/bulk-insert.js';
import { CustomerModel } from '../models/customers/customer.model.js';
import { EmployeeModel, type Employee } from '../models/org/employee.model.js';
import { LedgerEntryModel } from '../models/customers/ledger-entry.model.js';
import { createCustomer } from '../models/customers/use-cases/create-customer.js';
import { systemActor, type DomainContext } from '../models/shared/domain-context.js';
import { silentLogger } from '../config/logger.js';
import { systemClock } from '../models/shared/clock.js';
import { issueSessionToken } from '../server/auth/session.js';
import { startWecomEmulator } from '../server/wecom/emulator/wecom-emulator.js';
import { resyncOrganisation } from '../server/wecom/resync/org-resync.js';
import { createWecomClient } from '../server/wecom/wecom.client.js';
import { generateCompany, seededRandom } from '../tests/support/company-generator.js';
import { benchDatabase, quantile, type Benchmark, type BenchResult } from './bench.js';
import {
  benchCorp,
  benchSessionSecret,
  benchWecomEnv,
  httpRequest,
  startBenchServer,
  type BenchServer,
} from './bench-server.js';
import { check } from './jobs-bench-support.js';
import { perOperation, tallySince } from './command-counter.js';
import { operationMeter } from './operation-meter.js';
import { backgroundWorkerPids, cpuDuring, embeddedDatabasePid, httpPids } from './process-cpu.js';

// Claim storm over HTTP: 20 reps (capacity 50, each already holding 35 customers) and 2,000 public
// customers; 500 claim requests at once, aimed at a hot set of 400 so reps collide on the same
// customers and the fastest ones run into their capacity. Afterwards the invariants are checked
// against the database: one owner per customer, no rep over capacity, counters true, one ledger
// entry per claim. Run alone: `npm run bench -- claim-storm [--requests N]`.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const REPS = 20;
const CAPACITY = 50;
const HELD = 35;
const PUBLIC = 2000;
const HOT = 400;
const REQUESTS = arg('--requests', 500);
// HTTP processes of the server (WEB_CONCURRENCY, README "Configuration"): 1 as `npm start` runs by default.
const WEB_CONCURRENCY = arg('--web-concurrency', 1);

export const benchmark: Benchmark = {
  name: 'claim-storm',
  description: `claim storm over HTTP: ${REPS} reps (capacity ${CAPACITY}), ${PUBLIC.toLocaleString('en')} public customers, ${REQUESTS} concurrent claims, WEB_CONCURRENCY=${WEB_CONCURRENCY}`,
  async run(config, log) {
    const database = await benchDatabase(config, log);
    const emulator = await startWecomEmulator({ corp: benchCorp, callbackRetries: 0 });
    let server: BenchServer | undefined;
    try {
      // The reps exist in the (emulated) corp, so the server's own org re-sync keeps them.
      emulator.addDepartment(1, '压测公司', 0);
      emulator.addDepartment(3001, '压测一组', 1);
      for (let i = 0; i < REPS; i++) {
        emulator.addUser({ userid: `storm${i}`, name: `压测销售${i}`, department: [3001] });
      }
      // Claims one at a time afterwards, for commands per claim.
      emulator.addUser({ userid: 'meter0', name: '计数销售', department: [3001] });
      const env = {
        ...database.serverEnv,
        ...benchWecomEnv(emulator.apiBase),
        POOL_CAPACITY: String(CAPACITY),
        POOL_DAILY_CLAIM_LIMIT: '1000',
        RATE_LIMIT_CLAIM: '100000/min',
        WEB_CONCURRENCY: String(WEB_CONCURRENCY),
      };
      const serverConfig = parseConfig(env);
      const wecom = createWecomClient({ apiBase: emulator.apiBase, credentials: serverConfig.wecom });
      await resyncOrganisation(
        { wecom, config: serverConfig, clock: systemClock, log: silentLogger },
        { dryRun: false, errors: [] },
      );
      const reps = await EmployeeModel.find({ userId: /^storm/ })
        .sort({ userId: 1 })
        .lean<Employee[]>();
      check(reps.length === REPS, 'every rep synced from the corp');
      const ctx = (employeeId?: Types.ObjectId): DomainContext => ({
        actor: employeeId ? { kind: 'employee', employeeId, role: 'rep' } : systemActor('bench'),
        now: new Date(),
        config: serverConfig,
      });
      const random = seededRandom(500);
      log(`seeding ${REPS * HELD} held and ${PUBLIC} public customers`);
      for (const rep of reps) {
        for (let k = 0; k < HELD; k++) {
          await createCustomer({ customer: generateCompany(random).input, into: 'private' }, ctx(rep._id));
        }
      }
      const publicIds = (
        await insertPublicCustomers(
          Array.from({ length: PUBLIC }, () => generateCompany(random).input),
          ctx(),
        )
      ).filter((id): id is Types.ObjectId => id !== null);
      check(publicIds.length === PUBLIC, 'every public customer seeded');

      server = await startBenchServer(env, { countCommands: true });
      // The storm meets a server whose start-up is over, its worker process included.
      await server.backgroundStarted();
      const tokens = reps.map((rep) => issueSessionToken(benchSessionSecret, rep._id, new Date()));
      const requests = Array.from({ length: REQUESTS }, (_, i) => ({
        rep: i % REPS,
        customer: publicIds[Math.floor(random() * HOT)]!,
      }));
      const agent = new Agent({ keepAlive: true, maxSockets: REQUESTS });
      const commandsBefore = await server.commandTally();
      const started = performance.now();
      const http = httpPids(server.pid);
      const measured = [...http, embeddedDatabasePid(env), backgroundWorkerPids(server.pid)];
      const { result: answers, ms: cpu } = await cpuDuring(measured, () =>
        Promise.all(
          requests.map((r) =>
            httpRequest(agent, `${server!.url}/api/customers/${String(r.customer)}/claim`, {
              method: 'POST',
              headers: { authorization: `Bearer ${tokens[r.rep]!}`, 'content-type': 'application/json' },
              body: '{}',
            }),
          ),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const stormCommands = tallySince(commandsBefore, await server.commandTally());
      agent.destroy();

      // The invariants, from the database.
      const won = requests.filter((_, i) => answers[i]!.status === 200);
      const refusals = answers
        .filter((a) => a.status !== 200)
        .map((a) => (JSON.parse(a.body) as { error?: { code?: string } }).error?.code ?? `HTTP ${a.status}`);
      check(
        answers.every((a) => a.status === 200 || a.status === 409),
        `only 200 or 409 (${[...new Set(answers.map((a) => a.status))].join(', ')})`,
      );
      const winners = new Map<string, number>();
      won.forEach((r) => winners.set(String(r.customer), (winners.get(String(r.customer)) ?? 0) + 1));
      check(
        [...winners.values()].every((n) => n === 1),
        'no customer claimed twice',
      );
      const claimed = await CustomerModel.find(
        { _id: { $in: publicIds }, poolState: 'private' },
        { ownerId: 1 },
      ).lean();
      check(claimed.length === won.length, `claimed customers (${claimed.length}) = successful claims (${won.length})`);
      const ownerOf = new Map(claimed.map((c) => [String(c._id), String(c.ownerId)]));
      check(
        won.every((r) => ownerOf.get(String(r.customer)) === String(reps[r.rep]!._id)),
        'each claimed customer belongs to the rep who got the 200',
      );
      for (const rep of reps) {
        const [actual, stored] = [
          await CustomerModel.countDocuments({ ownerId: rep._id, poolState: 'private' }),
          await EmployeeModel.findById(rep._id).lean(),
        ];
        check(
          actual <= CAPACITY && stored?.privateCount === actual,
          `${rep.name}: ${actual} held, counter ${String(stored?.privateCount)}, capacity ${CAPACITY}`,
        );
      }
      // Every claim's entry is in the ledger once it was answered (its outbox copy may stay: settle-change.ts).
      check((await LedgerEntryModel.countDocuments({ action: 'claim' })) === won.length, 'one ledger entry per claim');

      const metered = await meterClaims(serverConfig, claimed[0]!._id, random);

      const times = answers.map((a) => a.ms).sort((a, b) => a - b);
      const on = `${REQUESTS} requests at once by ${REPS} reps on ${HOT} hot customers`;
      const byCode = [...new Set(refusals)]
        .map((code) => `${code} ${refusals.filter((c) => c === code).length}`)
        .join(', ');
      const results: BenchResult[] = [
        { metric: 'claim requests answered', value: REQUESTS / seconds, unit: 'requests/s', detail: on },
        { metric: 'successful claims', value: won.length, unit: 'claims', detail: `refused: ${byCode}` },
        { metric: 'latency p50', value: quantile(times, 0.5), unit: 'ms', detail: on },
        { metric: 'latency p99', value: quantile(times, 0.99), unit: 'ms', detail: on },
        {
          metric: 'server CPU per request',
          value: sum(cpu.slice(0, http.length)) / REQUESTS,
          unit: 'ms',
          detail: `${on} (Node, ${http.length} HTTP process${http.length > 1 ? 'es' : ''})`,
        },
        {
          metric: 'database CPU per request',
          value: cpu[http.length]! / REQUESTS,
          unit: 'ms',
          detail: 'embedded server',
        },
        {
          metric: 'background worker CPU per request',
          value: (cpu[http.length + 1] || 0) / REQUESTS,
          unit: 'ms',
          detail: 'worker process (messages to the reps told of a conflict)',
        },
        {
          metric: 'commands per request in the storm',
          value: sum(stormCommands.map(([, n]) => n)) / REQUESTS,
          unit: 'commands',
          detail: `HTTP process, concurrent reads and writes shared: ${stormCommands
            .slice(0, 6)
            .map(([command, n]) => `${command} ${n}`)
            .join(', ')}`,
        },
        ...metered,
        {
          metric: 'invariants',
          value: 1,
          unit: 'ok',
          detail: 'one owner per customer, no rep over capacity, counters true, one ledger entry per claim',
        },
        { metric: 'server peak RSS', value: server.peakRssMb(), unit: 'MB', detail: 'server process, whole run' },
      ];
      return results;
    } finally {
      await server?.stop();
      await emulator.close();
      await database.close();
    }
  },
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const METERED = 20;

/** Claims by one rep, one at a time, through the app in this process: commands and documents examined per claim. */
async function meterClaims(
  config: ReturnType<typeof parseConfig>,
  ownedByAnother: Types.ObjectId,
  random: () => number,
): Promise<BenchResult[]> {
  const rep = await EmployeeModel.findOne({ userId: 'meter0' }).lean<Employee>();
  check(rep !== null, 'the metering rep synced from the corp');
  const fresh = (
    await insertPublicCustomers(
      Array.from({ length: METERED }, () => generateCompany(random).input),
      { actor: systemActor('bench'), now: new Date(), config },
    )
  ).filter((id): id is Types.ObjectId => id !== null);
  const meter = await operationMeter(config);
  try {
    const claims = [];
    const refusals = [];
    for (const id of fresh) {
      claims.push(await meter.request(rep!._id, 'POST', `/api/customers/${String(id)}/claim`, {}));
      refusals.push(await meter.request(rep!._id, 'POST', `/api/customers/${String(ownedByAnother)}/claim`, {}));
    }
    check(
      claims.every((c) => c.status === 200) && refusals.every((r) => r.status === 409),
      'metered claims succeed, claims of a held customer are refused',
    );
    const on = `one claim at a time (${METERED}), in process, with command monitoring`;
    return [...perOperation('claim', claims, on), ...perOperation('refused claim', refusals, `${on}; ALREADY_OWNED`)];
  } finally {
    await meter.close();
  }
}
