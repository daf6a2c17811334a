import type { Config } from '../../config/config.js';
import { silentLogger } from '../../config/logger.js';
import { OutboundMessageModel, type OutboundMessage } from '../../models/messages/outbound-message.model.js';
import { manualClock } from '../../models/shared/clock.js';
import type { AppDeps } from '../../server/app.js';
import type { Job } from '../../server/jobs/job.js';
import { createWecomClient } from '../../server/wecom/wecom.client.js';
import { testConfig } from './factories.js';

/** Runs a real job's run() as the scheduler would, at the given instant. */
export function jobRunner(
  config: Config = testConfig(),
): (job: Job, at: Date | string, dryRun?: boolean) => Promise<Record<string, unknown>> {
  const clock = manualClock('2026-01-01T00:00:00Z');
  const deps: AppDeps = {
    config,
    clock,
    log: silentLogger,
    sessionSecret: 'test-session-secret-0123456789abcdef',
    wecom: createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom }),
  };
  return (job, at, dryRun = false) => {
    clock.set(at);
    return job.run({ deps, now: clock.now(), dryRun, log: silentLogger });
  };
}

/** The outbox messages of a kind, oldest first. */
export async function outbox(kind: string, toUserId?: string): Promise<OutboundMessage[]> {
  return OutboundMessageModel.find({ kind, ...(toUserId ? { toUserId } : {}) })
    .sort({ _id: 1 })
    .lean<OutboundMessage[]>();
}

/** The text of a markdown or text message. */
export function contentOf(message: { payload: unknown }): string {
  const payload = message.payload as { markdown?: { content: string }; text?: { content: string } };
  return payload.markdown?.content ?? payload.text?.content ?? '';
}
