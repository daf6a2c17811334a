import type { Config } from '../config/config.js';
import { silentLogger } from '../config/logger.js';
import { systemClock } from '../models/shared/clock.js';
import { OutboundMessageModel } from '../models/messages/outbound-message.model.js';
import { WecomEventModel } from '../models/wecom/wecom-event.model.js';
import { BUSY_PER_SECOND, QUIET_MS } from '../server/wecom/ingest-yield.js';
import { callbackUrl, signedCallback } from '../server/wecom/emulator/emulator-callbacks.js';
import { WecomEventProcessor } from '../server/wecom/event-processor.js';
import { createWecomClient } from '../server/wecom/wecom.client.js';
import type { BenchDatabase, BenchResult } from './bench.js';
import { benchCorp, startBenchServer } from './bench-server.js';
import { countCommands, perOperation, tallySince } from './command-counter.js';
import { operationMeter } from './operation-meter.js';
import { check } from './jobs-bench-support.js';
import { backgroundWorkerPids, cpuDuring, embeddedDatabasePid } from './process-cpu.js';

// The callback-ingest bench's second drain, in which every event creates a lead: the first drain's reps fill
// their private pools after 50 leads each, so most of its events end "pool full" (a message to the rep). Here
// the server runs with the reps' capacity raised (POOL_CAPACITY, the product's own setting), and contacts of
// new companies are stored through the callback endpoint, then drained by the worker process as in the first.

export const LEAD_CREATED = 'contact created; lead created';

export interface LeadDrainInput {
  database: BenchDatabase;
  env: Record<string, string>;
  emulatorCallbacks: (url: string) => void;
  /** Adds `count` contacts in the emulator and answers their add_external_contact event XML. */
  addContacts: (count: number, names: (i: number) => [name: string, corpName: string]) => Promise<string[]>;
  ingest: (url: string, callbacks: ReturnType<typeof signedCallback>[]) => Promise<{ acked: number }>;
  events: number;
  warmUp: number;
  log: (line: string) => void;
}

/** How many events have each outcome, e.g. to tell leads created from pool-full ones. */
export async function outcomeCounts(): Promise<Map<string, number>> {
  const groups = await WecomEventModel.aggregate<{ _id: string; n: number }>([
    { $group: { _id: '$outcome', n: { $sum: 1 } } },
  ]);
  return new Map(groups.map((g) => [g._id, g.n]));
}

/** When the first and the last of the events stored since `since` were done, and the rate between the two. */
async function processingSpan(since: Date): Promise<{ rate: number; first: number; last: number }> {
  const [span] = await WecomEventModel.aggregate<{ n: number; first: Date; last: Date }>([
    { $match: { receivedAt: { $gte: since }, status: 'done' } },
    { $group: { _id: null, n: { $sum: 1 }, first: { $min: '$processedAt' }, last: { $max: '$processedAt' } } },
  ]);
  if (!span || span.n < 2) {
    return { rate: Number.NaN, first: Number.NaN, last: Number.NaN };
  }
  const [first, last] = [span.first.getTime(), span.last.getTime()];
  return { rate: ((span.n - 1) * 1000) / (last - first), first, last };
}

async function drained(started: number): Promise<void> {
  while ((await WecomEventModel.countDocuments({ status: { $in: ['pending', 'processing'] } })) > 0) {
    check(performance.now() - started < 600_000, 'lead drain: events processed within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function leadDrain(input: LeadDrainInput): Promise<BenchResult[]> {
  const { database, events, warmUp, log } = input;
  // The first drain's pool-full messages mostly still wait for WeCom's per-member send limit (15 a minute): its
  // backlog, which the worker would keep sending through this drain, is left out of it.
  const backlog = await OutboundMessageModel.deleteMany({ status: 'pending' });
  log(`lead drain: ${backlog.deletedCount} unsent messages of the first drain set aside`);
  const server = await startBenchServer(
    { ...database.serverEnv, ...input.env, POOL_CAPACITY: '100000' },
    { readyWhen: 'background work started', countCommands: true },
  );
  try {
    const url = `${server.url}/wecom/callback`;
    input.emulatorCallbacks(url);
    const xmls = await input.addContacts(warmUp + events, (i) => [`线索联系人${i}`, `鸿运线索${i}号贸易有限公司`]);
    const sign = (list: string[]) => list.map((xml) => signedCallback(benchCorp, xml, new Date()));
    const createdBefore = (await outcomeCounts()).get(LEAD_CREATED) ?? 0;
    // A warm-up batch, drained, so the worker process's start (loading, compiling) is not measured.
    check((await input.ingest(url, sign(xmls.slice(0, warmUp)))).acked === warmUp, 'lead drain: warm-up acknowledged');
    await drained(performance.now());
    const ingestStarted = new Date();
    check(
      (await input.ingest(url, sign(xmls.slice(warmUp)))).acked === events,
      'lead drain: every callback acknowledged',
    );
    const dbPid = embeddedDatabasePid(database.serverEnv);
    const workerPids = backgroundWorkerPids(server.pid);
    const workers = workerPids.length > 0 ? workerPids : null;
    const before = workers === null ? null : await server.commandTallyOfAll(workers);
    const started = performance.now();
    const acked = Date.now();
    const { ms: cpu } = await cpuDuring([workers, dbPid], () => drained(started));
    const seconds = (performance.now() - started) / 1000;
    const seen = Date.now();
    const commands = workers === null ? [] : tallySince(before!, await server.commandTallyOfAll(workers));
    log(
      `lead drain: ${(events / seconds).toFixed(1)} events/s; worker commands per event: ${commands
        .slice(0, 14)
        .map(([command, n]) => `${command} ${(n / events).toFixed(2)}`)
        .join(', ')}`,
    );
    // Where the drain's time went: the workers' hold after the burst, the first events in flight together, the rest.
    const span = await processingSpan(ingestStarted);
    log(
      `lead drain: the first event done ${span.first - acked} ms after the last acknowledgement (the workers hold new work while over ${BUSY_PER_SECOND} callbacks a second arrive and until ${QUIET_MS} ms after the last, then take up to a batch at once; below zero, they took up the burst's first events before it was busy), then ${span.rate.toFixed(1)} events/s to the last; the drain seen done ${seen - span.last} ms after that`,
    );
    const created = ((await outcomeCounts()).get(LEAD_CREATED) ?? 0) - createdBefore;
    check(created === warmUp + events, `lead drain: every event created a lead (${created} of ${warmUp + events})`);
    check((await WecomEventModel.countDocuments({ status: 'failed' })) === 0, 'lead drain: no event failed');
    const detail = `${events.toLocaleString('en')} add_external_contact events of new companies, each creating a lead (the first drain's unsent messages set aside)`;
    return [
      { metric: 'processed into contacts and new leads', value: events / seconds, unit: 'events/s', detail },
      ...(cpu[0] === undefined || Number.isNaN(cpu[0])
        ? []
        : [{ metric: 'worker processes CPU per new lead drained', value: cpu[0] / events, unit: 'ms', detail }]),
      ...(cpu[1] === undefined || Number.isNaN(cpu[1])
        ? []
        : [{ metric: 'embedded database CPU per new lead drained', value: cpu[1] / events, unit: 'ms', detail }]),
      {
        metric: 'worker processes commands per new lead drained',
        value: commands.reduce((total, [, n]) => total + n, 0) / events,
        unit: 'commands',
        detail,
      },
    ];
  } finally {
    await server.stop();
  }
}

/**
 * `count` more such events stored through the app in this process, then taken as one batch with command
 * monitoring (as the first drain's "event processed in a batch"): commands, documents examined, CPU per new lead.
 */
export async function meterLeadBatch(
  config: Config,
  addContacts: LeadDrainInput['addContacts'],
  count = 20,
): Promise<BenchResult[]> {
  const xmls = await addContacts(count, (i) => [`计数线索联系人${i}`, `计数线索${i}号科技有限公司`]);
  const meter = await operationMeter(config);
  try {
    for (const xml of xmls) {
      const c = signedCallback(benchCorp, xml, new Date());
      const stored = await meter.raw(callbackUrl('/wecom/callback', c.query), {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: c.body,
      });
      check(stored.status === 200, 'metered lead callbacks acknowledged');
    }
    const createdBefore = (await outcomeCounts()).get(LEAD_CREATED) ?? 0;
    const wecom = createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom });
    const processor = new WecomEventProcessor({ wecom, config, clock: systemClock, log: silentLogger });
    const counter = await countCommands();
    const run = await counter.measure(() => processor.worker.runUntilIdle());
    counter.stop();
    const created = ((await outcomeCounts()).get(LEAD_CREATED) ?? 0) - createdBefore;
    check(created === count, `metered lead batch: every event created a lead (${created} of ${count})`);
    const { commands, docs, keys, plans } = run.counted;
    const perLead = {
      counted: { commands: commands / count, docs: docs / count, keys, plans },
      cpuMs: run.cpuMs / count,
    };
    return perOperation('new lead processed in a batch', [perLead], `${count} stored, then taken as one batch`);
  } finally {
    await meter.close();
  }
}
