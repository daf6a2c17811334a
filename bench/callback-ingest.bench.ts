import { Agent } from 'node:http';
import { BSON } from 'mongodb';
import mongoose from 'mongoose';
import { silentLogger } from '../config/logger.js';
import { WecomEventModel } from '../models/wecom/wecom-event.model.js';
import { systemClock } from '../models/shared/clock.js';
import { startLocalMongo } from '../models/shared/db/local-mongo.js';
import { seedDemoCorp } from '../server/wecom/emulator/demo-corp.js';
import {
  callbackUrl,
  eventXml,
  signedCallback,
  type SignedCallback,
} from '../server/wecom/emulator/emulator-callbacks.js';
import { startWecomEmulator } from '../server/wecom/emulator/wecom-emulator.js';
import { resyncOrganisation } from '../server/wecom/resync/org-resync.js';
import { createWecomClient } from '../server/wecom/wecom.client.js';
import { benchDatabase, quantile, type Benchmark, type BenchResult } from './bench.js';
import { benchCorp, benchWecomEnv, httpRequest, inFlight, startBenchServer, type BenchServer } from './bench-server.js';
import { check } from './jobs-bench-support.js';
import { parseConfig, type Config } from '../config/config.js';
import { WecomEventProcessor } from '../server/wecom/event-processor.js';
import { countCommands, perOperation, tallySince } from './command-counter.js';
import { operationMeter } from './operation-meter.js';
import {
  backgroundWorkerPids,
  cpuDuring,
  embeddedDatabasePid,
  jvmCpuByGroup,
  type JvmThreadGroup,
} from './process-cpu.js';
import { LEAD_CREATED, leadDrain, meterLeadBatch, outcomeCounts } from './lead-drain.js';

// Callback ingest: signed and encrypted WeCom callbacks (a contact added by a rep, which becomes a
// lead) POSTed concurrently to the real server, which verifies, decrypts, parses and stores each
// event before answering 200. Beside it, in the same run, a bare endpoint that only verifies and
// decrypts: the ratio is what durable storage and parsing cost. Both run as their own processes.
// Each side is measured twice, the same way: cold (a fresh process and database: --warm-up callbacks, then
// --events measured; mostly JIT compilation in a fresh JVM) and warm (after the cold ingest and
// --steady-warm-up more callbacks, then --steady-events measured — the steady cost of a running server). The
// server's events of each earlier phase are processed before the warm measurement starts, so its worker is idle
// then and holds new work while callbacks arrive, as it does for a burst (server/wecom/ingest-yield.ts).
// Run alone: `npm run bench -- callback-ingest [--events N] [--warm-up N] [--steady-events N]
// [--steady-warm-up N] [--concurrency N] [--event-workers N] [--web-concurrency N] [--memory-store]`.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('--events', 3000);
const CONCURRENCY = arg('--concurrency', 32);
const WARM_UP = arg('--warm-up', 200);
const STEADY_WARM_UP = arg('--steady-warm-up', 1000);
const STEADY = arg('--steady-events', 5000);
const LEAD_EVENTS = arg('--lead-events', 1000);
/** EVENT_WORKERS for the server (its default when not given), to compare one worker process with several. */
const EVENT_WORKERS: Record<string, string> = process.argv.includes('--event-workers')
  ? { EVENT_WORKERS: String(arg('--event-workers', 2)) }
  : {};
/** WEB_CONCURRENCY for the server: HTTP processes sharing the port. */
const WEB_CONCURRENCY: Record<string, string> = process.argv.includes('--web-concurrency')
  ? { WEB_CONCURRENCY: String(arg('--web-concurrency', 2)) }
  : {};

/**
 * `--memory-store`: the warm ingest once more, into the same server on the embedded server's in-memory storage (not
 * durable), so the run says beside the goal how much of the gap is the H2 file storage (its commits and fsyncs).
 */
const MEMORY_STORE = process.argv.includes('--memory-store');

const corp = benchCorp;

interface Ingest {
  acksPerSecond: number;
  p50: number;
  p99: number;
  acked: number;
}

async function ingest(url: string, callbacks: SignedCallback[]): Promise<Ingest> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const started = performance.now();
    const answers = await inFlight(callbacks, CONCURRENCY, (c) =>
      httpRequest(agent, callbackUrl(url, c.query), {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: c.body,
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const times = answers.map((a) => a.ms).sort((a, b) => a - b);
    return {
      acksPerSecond: answers.length / seconds,
      p50: quantile(times, 0.5),
      p99: quantile(times, 0.99),
      acked: answers.filter((a) => a.status === 200).length,
    };
  } finally {
    agent.destroy();
  }
}

/** The figures of one ingest: answers, and the CPU of each process meanwhile (NaN for a process not there). */
interface Measured {
  result: Ingest;
  ms: number[];
  /** CPU of the embedded database's threads meanwhile, by what they do (JIT, commands, storage, GC); null if none. */
  dbThreadsMs: Record<JvmThreadGroup, number> | null;
  /** The database commands the HTTP process sent meanwhile, by command and collection (server only). */
  commands: [string, number][];
  /** Those its worker process sent meanwhile (e.g. the message sender's; events are held while callbacks arrive). */
  workerCommands: [string, number][];
}

/** The server's command tallies of its HTTP process and of its worker process (when it has one). */
interface CommandTallies {
  http: () => Promise<Record<string, number>>;
  worker?: () => Promise<Record<string, number>>;
}

/**
 * `warmUp` first (not measured), then `settle` (e.g. the processing of the warm-up's events), then `measured`,
 * with each process's CPU (/proc) while the latter runs.
 */
async function measuredIngest(
  url: string,
  pids: (number | readonly number[] | null)[],
  dbPid: number | null,
  warmUp: SignedCallback[],
  measured: SignedCallback[],
  settle: () => Promise<unknown> = () => Promise.resolve(),
  tallies?: CommandTallies,
): Promise<Measured> {
  await ingest(url, warmUp);
  await settle();
  const tallyBefore = await tallies?.http();
  const workerBefore = await tallies?.worker?.();
  const threadsBefore = dbPid === null ? null : jvmCpuByGroup(dbPid);
  const { result, ms } = await cpuDuring(pids, () => ingest(url, measured));
  const threadsAfter = dbPid === null ? null : jvmCpuByGroup(dbPid);
  const dbThreadsMs = threadsBefore && threadsAfter ? groupsSince(threadsBefore, threadsAfter) : null;
  const commands = tallyBefore ? tallySince(tallyBefore, await tallies!.http()) : [];
  const workerCommands = workerBefore ? tallySince(workerBefore, await tallies!.worker!()) : [];
  return { result, ms, dbThreadsMs, commands, workerCommands };
}

function groupsSince(
  before: Record<JvmThreadGroup, number>,
  after: Record<JvmThreadGroup, number>,
): Record<JvmThreadGroup, number> {
  const groups = Object.keys(after) as JvmThreadGroup[];
  return Object.fromEntries(groups.map((group) => [group, after[group] - before[group]])) as Record<
    JvmThreadGroup,
    number
  >;
}

/** Waits until no stored event is left to process: how many there were, how long it took, the CPU meanwhile. */
async function drain(
  pids: (number | readonly number[] | null)[],
  // The bench's own database's events, or those of another server's database (--memory-store).
  events: typeof WecomEventModel.collection = WecomEventModel.collection,
): Promise<{ events: number; seconds: number; ms: number[] }> {
  const open = { status: { $in: ['pending', 'processing'] } };
  const count = await events.countDocuments(open);
  const started = performance.now();
  const { ms } = await cpuDuring(pids, async () => {
    while ((await events.countDocuments(open)) > 0) {
      check(performance.now() - started < 600_000, 'events processed within 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  const failed = await events.countDocuments({ status: 'failed' });
  check(failed === 0, `no event failed (${failed})`);
  return { events: count, seconds: (performance.now() - started) / 1000, ms };
}

/** The mean BSON size of stored pending events, as the driver reads them back (100 of them). */
async function storedEventBytes(): Promise<number> {
  const docs = await WecomEventModel.find({ status: 'pending' }).limit(100).lean();
  return docs.reduce((total, doc) => total + BSON.calculateObjectSize(doc), 0) / Math.max(docs.length, 1);
}

const sign = (list: string[]) => list.map((xml) => signedCallback(corp, xml, new Date()));

/** The event XML of each phase: cold warm-up, cold measured, warm warm-up, warm measured. */
function phases(xmls: string[]): [string[], string[], string[], string[]] {
  const cuts = [WARM_UP, WARM_UP + EVENTS, WARM_UP + EVENTS + STEADY_WARM_UP, xmls.length];
  return [xmls.slice(0, cuts[0]), xmls.slice(cuts[0], cuts[1]), xmls.slice(cuts[1], cuts[2]), xmls.slice(cuts[2])];
}

export const benchmark: Benchmark = {
  name: 'callback-ingest',
  description: `WeCom callback ingest: ${EVENTS.toLocaleString('en')} signed, encrypted events cold, ${STEADY.toLocaleString('en')} warm, ${CONCURRENCY} in flight, stored before the 200`,
  async run(config, log) {
    const database = await benchDatabase(config, log);
    const emulator = await startWecomEmulator({ corp, callbackRetries: 0 });
    const servers: BenchServer[] = [];
    try {
      seedDemoCorp(emulator);
      const credentials = {
        corpId: corp.corpId,
        secret: corp.secret,
        agentId: corp.agentId,
        token: corp.token,
        aesKey: corp.aesKey,
      };
      const wecom = createWecomClient({ apiBase: emulator.apiBase, credentials });
      await resyncOrganisation(
        { wecom, config: { ...config, wecom: credentials }, clock: systemClock, log: silentLogger },
        { dryRun: false, errors: [] },
      );
      const reps = ['wangfang', 'lihua', 'zhoujie'];
      const total = WARM_UP + EVENTS + STEADY_WARM_UP + STEADY;
      log(`adding ${total} contacts in the emulator`);
      const xmls = await contactAddedEvents(emulator, reps, total, (i) => [`联系人${i}`, `基准回调客户${i}有限公司`]);
      const [coldWarmUp, cold, warmWarmUp, warm] = phases(xmls);

      // The bare endpoint gets the same callbacks in the same phases as the server, in a fresh process of its own
      // before the server's run and again in another one after it: this virtual machine's speed drifts within
      // minutes, and the server's figures are compared with the mean of the two runs around them.
      const env = { ...benchWecomEnv(emulator.apiBase), ...EVENT_WORKERS, ...WEB_CONCURRENCY };
      const bareRun = async (): Promise<BareRun> => {
        const bare = await startBenchServer(env, { script: 'bench/bare-callback-server.ts' });
        try {
          const pids = [bare.pid, process.pid];
          const coldRun = await measuredIngest(bare.url, pids, null, sign(coldWarmUp), sign(cold));
          const warmRun = await measuredIngest(bare.url, pids, null, sign(warmWarmUp), sign(warm));
          check(
            coldRun.result.acked === EVENTS && warmRun.result.acked === STEADY,
            `the bare endpoint answered every callback (${coldRun.result.acked}, ${warmRun.result.acked})`,
          );
          log(
            `bare endpoint: ${coldRun.result.acksPerSecond.toFixed(0)}/s cold, ${warmRun.result.acksPerSecond.toFixed(0)}/s warm`,
          );
          return { cold: coldRun, warm: warmRun, peakRssMb: bare.peakRssMb() };
        } finally {
          await bare.stop();
        }
      };
      const bareBefore = await bareRun();

      // Measured once the whole server is up: its worker process starting (loading its modules) is no part of
      // the steady ingest.
      const server = await startBenchServer(
        { ...database.serverEnv, ...env },
        { readyWhen: 'background work started', countCommands: true },
      );
      servers.push(server);
      emulator.callbackUrl = `${server.url}/wecom/callback`;
      // CPU of each process while it runs (/proc): the HTTP server, its worker process (when it has one), the database.
      const dbPid = embeddedDatabasePid(database.serverEnv);
      const workerPids = backgroundWorkerPids(server.pid);
      const workers = workerPids.length > 0 ? workerPids : null;
      const pids = [server.pid, workers, dbPid, process.pid];
      const url = `${server.url}/wecom/callback`;
      // The HTTP process's own commands (its stores), counted outside the CPU meters' window.
      const tally: CommandTallies = {
        http: () => server.commandTally(),
        worker: workers === null ? undefined : () => server.commandTallyOfAll(workers),
      };
      const ours = await measuredIngest(url, pids, dbPid, sign(coldWarmUp), sign(cold), undefined, tally);
      // Every acknowledged event is stored (the ack waits for the write), and then processed.
      check(ours.result.acked === EVENTS, `every callback acknowledged (${ours.result.acked})`);
      check((await WecomEventModel.countDocuments()) === WARM_UP + EVENTS, 'every acknowledged event is stored, once');
      // What one acknowledged callback leaves in the database (its BSON size as stored, before processing).
      const storedBytes = await storedEventBytes();
      log(`server: ${ours.result.acksPerSecond.toFixed(0)}/s cold; waiting for the events to be processed`);
      // The database commands the worker process sends for the drain (events and the messages they queue).
      const workerCommandsBefore = workers === null ? null : await server.commandTallyOfAll(workers);
      const drained = await drain(pids.slice(0, 3));
      const drainCommands =
        workers === null ? [] : tallySince(workerCommandsBefore!, await server.commandTallyOfAll(workers));
      log(
        `worker commands in the drain, per event: ${drainCommands
          .slice(0, 14)
          .map(([command, n]) => `${command} ${(n / drained.events).toFixed(2)}`)
          .join(', ')}`,
      );
      // The reps' private pools fill after 50 leads each: what the drain's events were.
      const outcomes = await outcomeCounts();
      const leads = outcomes.get(LEAD_CREATED) ?? 0;
      const poolFull = outcomes.get('contact created; lead pool-full') ?? 0;

      // Warm: the same server and database after that ingest and processing, and after more callbacks whose
      // events were processed too, so the worker holds its work from the first measured callback on (for 4 s).
      const oursWarm = await measuredIngest(
        url,
        pids,
        dbPid,
        sign(warmWarmUp),
        sign(warm),
        () => drain(pids.slice(0, 3)),
        tally,
      );
      check(oursWarm.result.acked === STEADY, `every warm callback acknowledged (${oursWarm.result.acked})`);
      check((await WecomEventModel.countDocuments()) === total, 'every acknowledged warm event is stored, once');
      log(`server: ${oursWarm.result.acksPerSecond.toFixed(0)}/s warm; waiting for the events to be processed`);
      const drainedWarm = await drain(pids.slice(0, 3));

      // One at a time, in this process with command monitoring, once the server is gone: a stored callback,
      // then its processing.
      const serverPeakRss = server.peakRssMb();
      await server.stop();
      const inMemory = MEMORY_STORE
        ? await memoryStoreIngest(env, [...coldWarmUp, ...cold, ...warmWarmUp], warm, log)
        : null;
      const bareAfter = await bareRun();
      const bareCold = meanOf(bareBefore.cold, bareAfter.cold);
      const bareWarm = meanOf(bareBefore.warm, bareAfter.warm);
      const metered = await meterCallbacks(
        parseConfig({ ...database.serverEnv, ...env, LOG_LEVEL: 'silent' }),
        emulator,
        reps,
        total,
      );
      // The second drain: every event creates a lead (bench/lead-drain.ts).
      const addContacts = (count: number, names: (i: number) => [string, string]) =>
        contactAddedEvents(emulator, reps, count, names);
      const leadRows = await leadDrain({
        database,
        env,
        emulatorCallbacks: (url) => (emulator.callbackUrl = url),
        addContacts,
        ingest,
        events: LEAD_EVENTS,
        warmUp: WARM_UP,
        log,
      });
      const leadBatch = await meterLeadBatch(
        parseConfig({ ...database.serverEnv, ...env, LOG_LEVEL: 'silent', POOL_CAPACITY: '100000' }),
        addContacts,
      );
      const coldOn = `cold: ${EVENTS.toLocaleString('en')} add_external_contact callbacks after ${WARM_UP} into fresh processes, ${CONCURRENCY} concurrent`;
      const warmOn = `warm: ${STEADY.toLocaleString('en')} callbacks after the cold ones and ${STEADY_WARM_UP.toLocaleString('en')} more were stored and processed, ${CONCURRENCY} concurrent`;
      return [
        ...ingestRows('warm', oursWarm, bareWarm, STEADY, warmOn, [bareBefore.warm, bareAfter.warm]),
        ...ingestRows('cold', ours, bareCold, EVENTS, coldOn, [bareBefore.cold, bareAfter.cold]),
        ...(inMemory ? memoryStoreRows(inMemory, oursWarm, bareWarm, warmOn) : []),
        ...drainRows('', drained, `the drain after the cold ingest (${drained.events.toLocaleString('en')} events)`),
        ...drainRows(
          ', warm',
          drainedWarm,
          `the drain after the warm ingest (${drainedWarm.events.toLocaleString('en')} events)`,
        ),
        {
          metric: 'events of the cold drain that created a lead',
          value: leads,
          unit: 'events',
          detail: `of ${(EVENTS + WARM_UP).toLocaleString('en')} (with the warm-up); ${poolFull.toLocaleString('en')} found the rep's private pool full (capacity 50 × ${reps.length} reps)`,
        },
        {
          metric: 'worker processes commands per event drained',
          value: drainCommands.reduce((sum, [, n]) => sum + n, 0) / Math.max(drained.events, 1),
          unit: 'commands',
          detail: 'the cold drain: the events and the messages they queue (sent by the same process)',
        },
        ...leadRows,
        ...leadBatch,
        {
          metric: 'stored event document',
          value: storedBytes,
          unit: 'bytes',
          detail: 'BSON size of a pending add_external_contact event as the callback stored it (mean of 100)',
        },
        {
          metric: 'server peak RSS',
          value: serverPeakRss,
          unit: 'MB',
          detail: 'server process, whole run',
          baseline: { value: Math.max(bareBefore.peakRssMb, bareAfter.peakRssMb), label: 'bare endpoint' },
        },
        ...metered,
      ];
    } finally {
      for (const s of servers) {
        await s.stop();
      }
      await emulator.close();
      await database.close();
    }
  },
};

/** The bare endpoint's two phases in one fresh process, and its peak memory. */
interface BareRun {
  cold: Measured;
  warm: Measured;
  peakRssMb: number;
}

/** The mean of the bare endpoint's runs before and after the server's: rates, latencies and CPU. */
function meanOf(a: Measured, b: Measured): Measured {
  const mean = (x: number, y: number) => (x + y) / 2;
  return {
    result: {
      acksPerSecond: mean(a.result.acksPerSecond, b.result.acksPerSecond),
      p50: mean(a.result.p50, b.result.p50),
      p99: mean(a.result.p99, b.result.p99),
      acked: Math.min(a.result.acked, b.result.acked),
    },
    ms: a.ms.map((v, i) => mean(v, b.ms[i]!)),
    dbThreadsMs: null,
    commands: [],
    workerCommands: [],
  };
}

/**
 * The warm ingest into the same server on a fresh embedded server with in-memory storage (`--memory-store`): the
 * earlier phases' callbacks first, unmeasured, and their events processed, then the warm ones measured.
 */
async function memoryStoreIngest(
  env: Record<string, string>,
  warmUp: string[],
  measured: string[],
  log: (line: string) => void,
): Promise<Measured> {
  const memory = await startLocalMongo({ storage: 'memory' });
  const uri = `mongodb://127.0.0.1:${memory.port}/scrm_bench`;
  const connection = await mongoose.createConnection(uri).asPromise();
  const server = await startBenchServer({ MONGODB_URI: uri, ...env }, { readyWhen: 'background work started' });
  try {
    const events = connection.collection(WecomEventModel.collection.collectionName);
    const workers = backgroundWorkerPids(server.pid);
    const pids = [server.pid, workers.length > 0 ? workers : null, memory.pid, process.pid];
    const run = await measuredIngest(
      `${server.url}/wecom/callback`,
      pids,
      memory.pid,
      sign(warmUp),
      sign(measured),
      () => drain([], events),
    );
    check(
      run.result.acked === measured.length,
      `in-memory store: every warm callback acknowledged (${run.result.acked})`,
    );
    check(
      (await events.countDocuments()) === warmUp.length + measured.length,
      'in-memory store: every acknowledged event is stored, once',
    );
    log(`server on in-memory storage: ${run.result.acksPerSecond.toFixed(0)}/s warm`);
    return run;
  } finally {
    await server.stop();
    await connection.close();
    await memory.stop();
  }
}

/** The in-memory store's warm figures beside the file store's and the bare endpoint's. */
function memoryStoreRows(memory: Measured, file: Measured, bare: Measured, on: string): BenchResult[] {
  const detail = `${on}; the same server on the embedded server's in-memory storage (not durable, --memory-store)`;
  return [
    {
      metric: 'acknowledged and stored in memory (warm, diagnostic)',
      value: memory.result.acksPerSecond,
      unit: 'callbacks/s',
      detail,
      baseline: { value: file.result.acksPerSecond, label: 'H2 file storage, the run above' },
    },
    {
      metric: 'throughput vs bare endpoint, in-memory storage (warm, diagnostic)',
      value: memory.result.acksPerSecond / bare.result.acksPerSecond,
      unit: 'ratio',
      detail,
    },
    ...cpuRows('per callback stored in memory (warm, diagnostic)', memory.ms, memory.result.acked, detail),
  ];
}

/**
 * The rows of one ingest phase (warm or cold) against the bare endpoint's same phase (the mean of its runs before
 * and after the server's, `runs`).
 */
function ingestRows(
  phase: string,
  ours: Measured,
  bare: Measured,
  count: number,
  on: string,
  runs: [Measured, Measured],
): BenchResult[] {
  const bareLabel = 'verify+decrypt only, mean of the runs before and after';
  const [before, after] = runs.map((run) => run.result.acksPerSecond);
  return [
    {
      metric: `bare endpoint before and after the server (${phase})`,
      value: after! / before!,
      unit: 'ratio',
      detail: `${on}; ${before!.toFixed(0)}/s before, ${after!.toFixed(0)}/s after: how far the machine's speed moved meanwhile`,
    },
    {
      metric: `acknowledged and stored (${phase})`,
      value: ours.result.acksPerSecond,
      unit: 'callbacks/s',
      detail: on,
      baseline: { value: bare.result.acksPerSecond, label: bareLabel },
    },
    {
      metric: `ack latency p50 (${phase})`,
      value: ours.result.p50,
      unit: 'ms',
      detail: on,
      baseline: { value: bare.result.p50, label: bareLabel },
    },
    {
      metric: `ack latency p99 (${phase})`,
      value: ours.result.p99,
      unit: 'ms',
      detail: on,
      baseline: { value: bare.result.p99, label: bareLabel },
    },
    {
      metric: `throughput vs bare endpoint (${phase})`,
      value: ours.result.acksPerSecond / bare.result.acksPerSecond,
      unit: 'ratio',
      detail: on,
    },
    ...cpuRows(`per acknowledged callback (${phase} ingest)`, ours.ms, count, on),
    {
      metric: `HTTP process database commands per acknowledged callback (${phase} ingest)`,
      value: ours.commands.reduce((total, [, n]) => total + n, 0) / count,
      unit: 'commands',
      detail: `${on}; ${commandsDetail(ours.commands, count)}`,
    },
    {
      metric: `worker process database commands per acknowledged callback (${phase} ingest)`,
      value: ours.workerCommands.reduce((total, [, n]) => total + n, 0) / count,
      unit: 'commands',
      detail: `${on}; its work beside the ingest (events are held while callbacks arrive): ${
        ours.workerCommands
          .slice(0, 6)
          .map(([command, n]) => `${command} ${n}`)
          .join(', ') || 'none'
      }`,
    },
    ...dbThreadRows(phase, ours.dbThreadsMs, count, on),
    {
      metric: `bare endpoint process CPU per callback (${phase})`,
      value: bare.ms[0]! / count,
      unit: 'ms',
      detail: `${on}; bench client ${(bare.ms[1]! / count).toFixed(2)} ms`,
    },
    {
      metric: `CPU per acknowledged callback, all processes (${phase})`,
      value: sum(ours.ms) / count,
      unit: 'ms',
      detail: `${on}; 2 cores / this = the rate a quiet machine allows`,
      baseline: { value: sum(bare.ms) / count, label: `${bareLabel}: endpoint + bench client` },
    },
  ];
}

const DB_THREADS: [JvmThreadGroup, string][] = [
  ['jit', 'JIT compiler'],
  ['commands', 'command threads (netty workers)'],
  ['storage', 'H2 storage threads (commits)'],
  ['gc', 'GC'],
];

/** The database's CPU per callback by what its threads do; each is part of the database's figure. */
function dbThreadRows(
  phase: string,
  threads: Record<JvmThreadGroup, number> | null,
  count: number,
  on: string,
): BenchResult[] {
  return DB_THREADS.map(([group, what]) => ({
    metric: `embedded database ${what} CPU per acknowledged callback (${phase} ingest)`,
    value: threads ? threads[group] / count : Number.NaN,
    unit: 'ms',
    detail: `${on}; part of the database's figure above`,
  }));
}

/** Each command per callback, and how many callbacks one insert of wecom_events carried. */
function commandsDetail(commands: [string, number][], count: number): string {
  const inserts = commands.find(([command]) => command === 'insert wecom_events')?.[1] ?? 0;
  const each = commands.map(([command, n]) => `${command} ${(n / count).toFixed(4)}`).join(', ');
  return `${each}; ${(count / Math.max(inserts, 1)).toFixed(1)} callbacks per insert`;
}

function drainRows(
  phase: string,
  drained: { events: number; seconds: number; ms: number[] },
  detail: string,
): BenchResult[] {
  return [
    {
      metric: `processed into contacts and leads${phase}`,
      value: drained.events / Math.max(drained.seconds, 0.001),
      unit: 'events/s',
      detail: `${detail}, WeCom API calls to the emulator included`,
    },
    ...cpuRows(`per event drained${phase}`, drained.ms, Math.max(drained.events, 1), detail),
  ];
}

/** Adds `count` external contacts in the emulator, round the reps, and the add_external_contact event XML of each. */
async function contactAddedEvents(
  emulator: Awaited<ReturnType<typeof startWecomEmulator>>,
  reps: string[],
  count: number,
  names: (i: number) => [name: string, corpName: string],
): Promise<string[]> {
  const xmls: string[] = [];
  for (let i = 0; i < count; i++) {
    const userId = reps[i % reps.length]!;
    const [name, corpName] = names(i);
    const { externalUserId } = await emulator.addExternalContact({ userId, name, corpName, type: 2, silent: true });
    xmls.push(
      eventXml(corp, new Date(), {
        Event: 'change_external_contact',
        ChangeType: 'add_external_contact',
        UserID: userId,
        ExternalUserID: externalUserId,
      }),
    );
  }
  return xmls;
}

const sum = (ms: number[]) => ms.filter((v) => !Number.isNaN(v)).reduce((a, b) => a + b, 0);

/** CPU per operation of the server, its worker process and the embedded database, as measured by cpuDuring. */
function cpuRows(what: string, ms: number[], operations: number, detail: string): BenchResult[] {
  const names = ['HTTP server process', 'worker processes', 'embedded database', 'bench client (HTTP requests)'];
  return ms.flatMap((total, i) =>
    Number.isNaN(total) ? [] : [{ metric: `${names[i]!} CPU ${what}`, value: total / operations, unit: 'ms', detail }],
  );
}

const METERED = 20;

async function meterCallbacks(
  config: Config,
  emulator: Awaited<ReturnType<typeof startWecomEmulator>>,
  reps: string[],
  before: number,
): Promise<BenchResult[]> {
  const all = await contactAddedEvents(emulator, reps, 2 * METERED, (i) => [
    `计数联系人${i}`,
    `计数回调客户${i}有限公司`,
  ]);
  const xmls = all.slice(0, METERED);
  const meter = await operationMeter(config);
  try {
    const stores = [];
    for (const xml of xmls) {
      const c = signedCallback(corp, xml, new Date());
      stores.push(
        await meter.raw(callbackUrl('/wecom/callback', c.query), {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body: c.body,
        }),
      );
    }
    check(
      stores.every((s) => s.status === 200),
      'metered callbacks acknowledged',
    );
    const pending = await WecomEventModel.find({ status: 'pending' }, { _id: 1 }).sort({ receivedAt: 1 }).lean();
    check(pending.length === METERED, `the metered callbacks are stored (${pending.length})`);
    const wecom = createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom });
    const processor = new WecomEventProcessor({ wecom, config, clock: systemClock, log: silentLogger });
    const counter = await countCommands();
    const processed = [];
    for (const event of pending) {
      processed.push(await counter.measure(() => processor.process(event._id)));
    }
    check(
      (await WecomEventModel.countDocuments({ _id: { $in: pending.map((e) => e._id) }, status: 'done' })) === METERED,
      'metered events processed',
    );
    const batch = await meterBatch(meter, processor, counter, all.slice(METERED), before);
    const on = `one at a time (${METERED}), in process, with command monitoring`;
    const what = 'add_external_contact into a contact and a lead';
    return [
      ...perOperation('stored callback', stores, on),
      ...perOperation('processed event', processed, `${on}: ${what}`),
      ...perOperation('event processed in a batch', [batch], `${METERED} stored, then taken as one batch: ${what}`),
    ];
  } finally {
    await meter.close();
  }
}

/** Stores the callbacks, then works on them as the worker process does (one batch): the figures per event. */
async function meterBatch(
  meter: Awaited<ReturnType<typeof operationMeter>>,
  processor: WecomEventProcessor,
  counter: Awaited<ReturnType<typeof countCommands>>,
  xmls: string[],
  before: number,
): Promise<{ counted: { commands: number; docs: number; keys: number; plans: string[] }; cpuMs: number }> {
  for (const xml of xmls) {
    const c = signedCallback(corp, xml, new Date());
    const stored = await meter.raw(callbackUrl('/wecom/callback', c.query), {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: c.body,
    });
    check(stored.status === 200, 'metered batch callbacks acknowledged');
  }
  const run = await counter.measure(() => processor.worker.runUntilIdle());
  counter.stop();
  check((await WecomEventModel.countDocuments({ status: 'done' })) === before + 2 * METERED, 'batch processed');
  const n = xmls.length;
  const { commands, docs, keys, plans } = run.counted;
  return { counted: { commands: commands / n, docs: docs / n, keys: keys / n, plans }, cpuMs: run.cpuMs / n };
}
