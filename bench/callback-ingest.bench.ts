import { Agent } from 'node:http';
import { silentLogger } from '../config/logger.js';
import { WecomEventModel } from '../models/wecom/wecom-event.model.js';
import { systemClock } from '../models/shared/clock.js';
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
import { childPids, cpuDuring, embeddedDatabasePid } from './process-cpu.js';
import { LEAD_CREATED, leadDrain, meterLeadBatch, outcomeCounts } from './lead-drain.js';

// Callback ingest: signed and encrypted WeCom callbacks (a contact added by a rep, which becomes a
// lead) POSTed concurrently to the real server, which verifies, decrypts, parses and stores each
// event before answering 200. Beside it, in the same run, a bare endpoint that only verifies and
// decrypts: the ratio is what durable storage and parsing cost. Both run as their own processes.
// Run alone: `npm run bench -- callback-ingest [--events N] [--concurrency N]`.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('--events', 3000);
const CONCURRENCY = arg('--concurrency', 32);
const WARM_UP = arg('--warm-up', 200);
const LEAD_EVENTS = arg('--lead-events', 1000);

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

export const benchmark: Benchmark = {
  name: 'callback-ingest',
  description: `WeCom callback ingest: ${EVENTS.toLocaleString('en')} signed, encrypted events, ${CONCURRENCY} in flight, stored before the 200`,
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
      log(`adding ${EVENTS + WARM_UP} contacts in the emulator`);
      const xmls = await contactAddedEvents(emulator, reps, EVENTS + WARM_UP, (i) => [
        `联系人${i}`,
        `基准回调客户${i}有限公司`,
      ]);
      const sign = (list: string[]) => list.map((xml) => signedCallback(corp, xml, new Date()));

      const env = benchWecomEnv(emulator.apiBase);
      const bare = await startBenchServer(env, { script: 'bench/bare-callback-server.ts' });
      servers.push(bare);
      await ingest(bare.url, sign(xmls.slice(0, WARM_UP)));
      const bareCallbacks = sign(xmls.slice(WARM_UP));
      const { result: baseline, ms: bareCpu } = await cpuDuring([bare.pid, process.pid], () =>
        ingest(bare.url, bareCallbacks),
      );
      log(`bare endpoint: ${baseline.acksPerSecond.toFixed(0)}/s`);

      // Measured once the whole server is up: its worker process starting (loading its modules) is no part of
      // the steady ingest.
      const server = await startBenchServer(
        { ...database.serverEnv, ...env },
        { readyWhen: 'worker process started', countCommands: true },
      );
      servers.push(server);
      emulator.callbackUrl = `${server.url}/wecom/callback`;
      await ingest(`${server.url}/wecom/callback`, sign(xmls.slice(0, WARM_UP)));
      // CPU of each process while it runs (/proc): the HTTP server, its worker process (when it has one), the database.
      const dbPid = embeddedDatabasePid(database.serverEnv);
      const workerPid = childPids(server.pid).find((pid) => pid !== dbPid) ?? null;
      const callbacks = sign(xmls.slice(WARM_UP));
      const { result: ours, ms: ingestCpu } = await cpuDuring([server.pid, workerPid, dbPid, process.pid], () =>
        ingest(`${server.url}/wecom/callback`, callbacks),
      );
      log(`server: ${ours.acksPerSecond.toFixed(0)}/s; waiting for the events to be processed`);

      // Every acknowledged event is stored (the ack waits for the write), and then processed.
      check(
        ours.acked === EVENTS && baseline.acked === EVENTS,
        `every callback acknowledged (${ours.acked}, bare ${baseline.acked})`,
      );
      check((await WecomEventModel.countDocuments()) === EVENTS + WARM_UP, 'every acknowledged event is stored, once');
      // The database commands the worker process sends for the drain (events and the messages they queue).
      const workerCommandsBefore = workerPid === null ? null : await server.commandTallyOf(workerPid);
      const processStart = performance.now();
      const { ms: drainCpu } = await cpuDuring([server.pid, workerPid, dbPid], async () => {
        while ((await WecomEventModel.countDocuments({ status: { $in: ['pending', 'processing'] } })) > 0) {
          check(performance.now() - processStart < 600_000, 'events processed within 10 minutes');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      });
      const processSeconds = (performance.now() - processStart) / 1000;
      const drainCommands =
        workerPid === null ? [] : tallySince(workerCommandsBefore!, await server.commandTallyOf(workerPid));
      log(
        `worker commands in the drain, per event: ${drainCommands
          .slice(0, 14)
          .map(([command, n]) => `${command} ${(n / EVENTS).toFixed(2)}`)
          .join(', ')}`,
      );
      const failed = await WecomEventModel.countDocuments({ status: 'failed' });
      check(failed === 0, `no event failed (${failed})`);
      // The reps' private pools fill after 50 leads each: what the drain's events were.
      const outcomes = await outcomeCounts();
      const leads = outcomes.get(LEAD_CREATED) ?? 0;
      const poolFull = outcomes.get('contact created; lead pool-full') ?? 0;

      // One at a time, in this process with command monitoring, once the server is gone: a stored callback,
      // then its processing.
      const serverPeakRss = server.peakRssMb();
      await server.stop();
      const metered = await meterCallbacks(
        parseConfig({ ...database.serverEnv, ...env, LOG_LEVEL: 'silent' }),
        emulator,
        reps,
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

      const on = `${EVENTS.toLocaleString('en')} add_external_contact callbacks, ${CONCURRENCY} concurrent`;
      const bareLabel = 'verify+decrypt only';
      const results: BenchResult[] = [
        {
          metric: 'acknowledged and stored',
          value: ours.acksPerSecond,
          unit: 'callbacks/s',
          detail: on,
          baseline: { value: baseline.acksPerSecond, label: bareLabel },
        },
        {
          metric: 'ack latency p50',
          value: ours.p50,
          unit: 'ms',
          detail: on,
          baseline: { value: baseline.p50, label: bareLabel },
        },
        {
          metric: 'ack latency p99',
          value: ours.p99,
          unit: 'ms',
          detail: on,
          baseline: { value: baseline.p99, label: bareLabel },
        },
        {
          metric: 'throughput vs bare endpoint',
          value: ours.acksPerSecond / baseline.acksPerSecond,
          unit: 'ratio',
          detail: on,
        },
        {
          metric: 'processed into contacts and leads',
          value: EVENTS / Math.max(processSeconds, 0.001),
          unit: 'events/s',
          detail: 'drained after the ingest, WeCom API calls to the emulator included',
        },
        ...cpuRows('per acknowledged callback (during the ingest)', ingestCpu, EVENTS, on),
        {
          metric: 'bare endpoint process CPU per callback',
          value: bareCpu[0]! / EVENTS,
          unit: 'ms',
          detail: `${on}; bench client ${(bareCpu[1]! / EVENTS).toFixed(2)} ms`,
        },
        {
          metric: 'CPU per acknowledged callback, all processes',
          value: sum(ingestCpu) / EVENTS,
          unit: 'ms',
          detail: `${on}; 2 cores / this = the rate a quiet machine allows`,
          baseline: { value: sum(bareCpu) / EVENTS, label: `${bareLabel}: endpoint + bench client` },
        },
        ...cpuRows('per event drained after the ingest', drainCpu, EVENTS, 'the drain after the ingest'),
        {
          metric: 'events of the drain that created a lead',
          value: leads,
          unit: 'events',
          detail: `of ${(EVENTS + WARM_UP).toLocaleString('en')} (with the warm-up); ${poolFull.toLocaleString('en')} found the rep's private pool full (capacity 50 × ${reps.length} reps)`,
        },
        {
          metric: 'worker process commands per event drained',
          value: drainCommands.reduce((total, [, n]) => total + n, 0) / EVENTS,
          unit: 'commands',
          detail: 'the drain after the ingest: the events and the messages they queue (sent by the same process)',
        },
        {
          metric: 'server peak RSS',
          value: serverPeakRss,
          unit: 'MB',
          detail: 'server process, whole run',
          baseline: { value: bare.peakRssMb(), label: 'bare endpoint' },
        },
        ...metered,
        ...leadRows,
        ...leadBatch,
      ];
      return results;
    } finally {
      for (const s of servers) {
        await s.stop();
      }
      await emulator.close();
      await database.close();
    }
  },
};

/** CPU per operation of the server, its worker process and the embedded database, as measured by cpuDuring. */
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

function cpuRows(what: string, ms: number[], operations: number, detail: string): BenchResult[] {
  const names = ['HTTP server process', 'worker process', 'embedded database', 'bench client (HTTP requests)'];
  return ms.flatMap((total, i) =>
    Number.isNaN(total) ? [] : [{ metric: `${names[i]!} CPU ${what}`, value: total / operations, unit: 'ms', detail }],
  );
}

const METERED = 20;

async function meterCallbacks(
  config: Config,
  emulator: Awaited<ReturnType<typeof startWecomEmulator>>,
  reps: string[],
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
    const batch = await meterBatch(meter, processor, counter, all.slice(METERED));
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
  check(
    (await WecomEventModel.countDocuments({ status: 'done' })) === EVENTS + WARM_UP + 2 * METERED,
    'batch processed',
  );
  const n = xmls.length;
  const { commands, docs, keys, plans } = run.counted;
  return { counted: { commands: commands / n, docs: docs / n, keys: keys / n, plans }, cpuMs: run.cpuMs / n };
}
