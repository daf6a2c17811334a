import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import type { EventShare } from '../../models/wecom/event-partition.js';
import type { AppDeps } from '../app.js';
import { NUDGE_MS, onWecomEventStored, throttledNudge } from '../wecom/event-signal.js';

// The HTTP process's side of the worker process (server/worker.ts): forks it with the resolved settings
// (local mode's emulator address included) and the database to join, at a lower CPU priority, forwards
// the "event stored" nudge (one message per burst), restarts it when it dies unexpectedly, and stops it —
// waiting for the work in flight — when the server shuts down. Jobs stay single-runner across processes
// and instances through their run leases (server/jobs/mongo-run-coordinator.ts), events and messages
// through theirs.

export type ToWorker =
  | { type: 'start'; config: Config; databaseUri: string; sessionSecret: string; share: EventShare }
  | { type: 'wecom-event-stored'; count?: number }
  | { type: 'stop' };

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'worker.ts');
const STOP_TIMEOUT_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** Nice value of the worker process (0 normal, 19 lowest). */
const WORKER_NICENESS = 10;

export class WorkerProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartDelay = FIRST_RESTART_DELAY_MS;
  /** One IPC message per burst of stored events (they are nudges: the worker also polls). */
  private readonly nudge = throttledNudge((count) => this.send({ type: 'wecom-event-stored', count }), NUDGE_MS);
  private readonly log: Logger;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: AppDeps,
    private readonly databaseUri: string,
    /** Its share of the WeCom events (the first worker also runs every other background service). */
    private readonly share: EventShare = { index: 0, of: 1 },
  ) {
    this.log = deps.log.child({ component: 'worker-process' });
    this.unsubscribe = onWecomEventStored(this.nudge);
  }

  /** The pid of the current worker process. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Forks the worker; resolves once it started its services, or once it died trying (it is then restarted). */
  start(): Promise<void> {
    return new Promise((settled) => this.spawn(settled));
  }

  /** Tells the worker to stop and waits for it (its work in flight finishes first); SIGKILL after 30 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe();
    const worker = this.child;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => worker.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private send(message: ToWorker): void {
    if (this.child?.connected) {
      this.child.send(message, () => undefined);
    }
  }

  private spawn(settled: () => void): void {
    const worker = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = worker;
    this.lowerPriority(worker);
    worker.on('message', (message: { type?: string }) => {
      if (message.type === 'started') {
        this.log.info('worker process started', { pid: worker.pid, share: `${this.share.index + 1}/${this.share.of}` });
        this.restartDelay = FIRST_RESTART_DELAY_MS;
        settled();
      }
    });
    worker.once('exit', (code, signal) => {
      settled();
      if (!this.stopping) {
        this.restartLater({ pid: worker.pid, code, signal });
      }
    });
    this.send({
      type: 'start',
      config: this.deps.config,
      databaseUri: this.databaseUri,
      sessionSecret: this.deps.sessionSecret,
      share: this.share,
    });
  }

  /**
   * The worker yields the CPU to this process (and the database) when both have work: a backlog may wait,
   * an acknowledgement may not. Where the system refuses (no permission to renice), it runs at our priority.
   */
  private lowerPriority(worker: ChildProcess): void {
    try {
      setPriority(worker.pid!, WORKER_NICENESS);
    } catch (error) {
      this.log.warn('could not lower the worker process priority', { error });
    }
  }

  private restartLater(exit: Record<string, unknown>): void {
    const delay = this.restartDelay;
    this.log.error('worker process exited; restarting', { ...exit, restartInMs: delay });
    this.restartDelay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    setTimeout(() => {
      if (!this.stopping) {
        this.spawn(() => undefined);
      }
    }, delay).unref();
  }
}
