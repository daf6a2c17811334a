import cluster, { type Worker } from 'node:cluster';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/config.js';
import type { AppDeps } from '../app.js';
import { wecomEventStored } from '../wecom/event-signal.js';

// WEB_CONCURRENCY > 1: this process (the primary: database, local clock, background worker process, start-up
// work) forks that many HTTP processes (server/http/instance.ts) as a Node cluster. They share the one port —
// each accepts from the one listening socket — so requests use every core, and they coordinate
// through the database exactly as separate server instances do. One that dies is forked again.

export type ToInstance =
  { type: 'start'; config: Config; databaseUri: string; sessionSecret: string } | { type: 'stop' };

type FromInstance =
  { type: 'ready' } | { type: 'listening'; port: number } | { type: 'wecom-event-stored'; count?: number };

const entry = join(dirname(fileURLToPath(import.meta.url)), 'instance.ts');
const STOP_TIMEOUT_MS = 30_000;
const RESTART_DELAY_MS = 1000;

export interface HttpInstances {
  port: number;
  stop(): Promise<void>;
}

/** Forks `count` HTTP processes and resolves with the shared port once every one of them listens. */
export async function startHttpInstances(deps: AppDeps, databaseUri: string, count: number): Promise<HttpInstances> {
  const log = deps.log.child({ component: 'http-processes' });
  // Each process accepts its connections itself (the kernel spreads them): the primary relaying every
  // connection (Node's round-robin default) costs it CPU per connection, on the cores the others need.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ exec: entry, serialization: 'advanced' });
  let stopping = false;
  const workers = new Set<Worker>();
  const fork = (onListening: (port: number) => void, onExit: () => void) => {
    const worker = cluster.fork();
    workers.add(worker);
    const start: ToInstance = { type: 'start', config: deps.config, databaseUri, sessionSecret: deps.sessionSecret };
    worker.on('message', (message: FromInstance) => {
      // Sent once its listener is in place: a message before it would be lost.
      if (message.type === 'ready') {
        worker.send(start);
      } else if (message.type === 'listening') {
        onListening(message.port);
      } else if (message.type === 'wecom-event-stored') {
        wecomEventStored(message.count ?? 1);
      }
    });
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      onExit();
      if (!stopping) {
        log.error('HTTP process exited; starting another', { pid: worker.process.pid, code, signal });
        setTimeout(
          () =>
            stopping ||
            fork(
              () => undefined,
              () => undefined,
            ),
          RESTART_DELAY_MS,
        ).unref();
      }
    });
  };
  const ports = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve, reject) =>
          fork(resolve, () => reject(new Error('an HTTP process exited during start-up'))),
        ),
    ),
  );
  return {
    port: ports[0]!,
    async stop() {
      stopping = true;
      await Promise.all([...workers].map((worker) => stopped(worker)));
    },
  };
}

function stopped(worker: Worker): Promise<void> {
  if (worker.isDead()) {
    return Promise.resolve();
  }
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  worker.send({ type: 'stop' } satisfies ToInstance);
  const timer = setTimeout(() => worker.kill('SIGKILL'), STOP_TIMEOUT_MS);
  return exited.finally(() => clearTimeout(timer));
}
