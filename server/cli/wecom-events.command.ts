import { wecomEventStatuses, type WecomEventStatus } from '../../models/wecom/wecom-event.model.js';
import {
  listWecomEvents,
  retryFailedWecomEvents,
  retryWecomEvent,
  wecomEventCounts,
} from '../../models/wecom/event-ops.js';
import type { CliCommand } from './commands.js';

export const wecomEventsCommand: CliCommand = {
  name: 'wecom-events',
  usage: 'wecom-events [--status failed] [--retry <id> | --retry-failed]',
  summary: 'show WeCom callback events (counts, failed ones and why) and retry parked ones',
  async run(args, { clock }) {
    const option = (name: string) => {
      const at = args.indexOf(name);
      return at >= 0 ? args[at + 1] : undefined;
    };
    const retry = option('--retry');
    if (retry) {
      const outcome = await retryWecomEvent(retry, clock.now());
      console.log(
        {
          retried: `event ${retry} queued again`,
          'not-failed': `event ${retry} is not failed`,
          'not-found': `no event ${retry}`,
        }[outcome],
      );
      return outcome === 'retried' ? 0 : 1;
    }
    if (args.includes('--retry-failed')) {
      console.log(`${await retryFailedWecomEvents(clock.now())} failed events queued again`);
      return 0;
    }
    const status = option('--status');
    if (status && !wecomEventStatuses.includes(status as WecomEventStatus)) {
      console.error(`--status must be one of ${wecomEventStatuses.join(', ')}`);
      return 2;
    }
    const events = await listWecomEvents({ status: status as WecomEventStatus | undefined, limit: 50 });
    console.log(
      JSON.stringify(
        {
          counts: await wecomEventCounts(),
          events: events.map((e) => ({
            id: e._id,
            status: e.status,
            attempts: e.attempts,
            receivedAt: e.receivedAt,
            outcome: e.outcome,
            lastError: e.lastError,
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  },
};
