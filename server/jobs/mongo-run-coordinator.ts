import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunCoordinator } from 'node-cron';
import { JobRunModel } from '../../models/shared/job-run.model.js';
import { isDuplicateKeyError } from '../../models/shared/duplicate-key.js';
import type { Clock } from '../../models/shared/clock.js';

// node-cron's RunCoordinator on MongoDB, so that with several server instances each fire of a job
// runs on exactly one. node-cron asks shouldRun(key) at every fire with key `<job>:<fire time ISO>`,
// the same on every instance; the first instance to insert a lease document with that _id runs the
// fire, every other insert fails with E11000. Works on the embedded database too (only _id is used).

export function instanceName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function parseKey(key: string): { job: string; firedAt: Date } {
  const split = key.indexOf(':');
  const firedAt = new Date(key.slice(split + 1));
  return { job: key.slice(0, split), firedAt: Number.isNaN(firedAt.getTime()) ? new Date(0) : firedAt };
}

export class MongoRunCoordinator implements RunCoordinator {
  constructor(
    readonly instance: string,
    private readonly clock: Clock,
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const { job, firedAt } = parseKey(key);
    const now = this.clock.now();
    try {
      await JobRunModel.create({
        _id: key,
        job,
        firedAt,
        instance: this.instance,
        status: 'running',
        startedAt: now,
        leaseUntil: new Date(now.getTime() + ttlMs),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        return false;
      }
      throw error;
    }
    // A previous fire still running elsewhere (a slow sweep) keeps this one from piling on top of it.
    const busy = await JobRunModel.exists({ job, status: 'running', leaseUntil: { $gt: now }, _id: { $ne: key } });
    if (busy) {
      await JobRunModel.updateOne(
        { _id: key },
        { $set: { status: 'skipped', finishedAt: now, error: `previous run ${String(busy._id)} still running` } },
      );
      return false;
    }
    return true;
  }

  /** Records how a run went (the scheduler calls this before node-cron calls onComplete). */
  async recordResult(key: string, outcome: { summary?: Record<string, unknown>; error?: unknown }): Promise<void> {
    const failed = outcome.error !== undefined;
    await JobRunModel.updateOne(
      { _id: key },
      {
        $set: {
          status: failed ? 'failed' : 'done',
          finishedAt: this.clock.now(),
          summary: outcome.summary ?? null,
          error: failed ? (outcome.error instanceof Error ? outcome.error.message : String(outcome.error)) : '',
        },
      },
    );
  }

  async onComplete(key: string): Promise<void> {
    // Normally already recorded; this closes the lease if recording itself failed.
    await JobRunModel.updateOne(
      { _id: key, status: 'running' },
      { $set: { status: 'done', finishedAt: this.clock.now() } },
    );
  }
}
