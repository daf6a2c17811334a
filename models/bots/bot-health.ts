import { BotStateModel, type BotState } from '../messages/bot-state.model.js';

// The bots as /healthz and the console's 机器人 page report them (they send it as JSON: instants as ISO
// strings). The bot is an add-on: its state never makes the server unhealthy, it is only reported.

export interface BotInstanceHealth {
  name: string;
  /** The state the bot recorded, or 'stale' when it stopped beating without saying so. */
  state: BotState['state'] | 'stale';
  account: { id: string; name: string; employeeUserId: string | null } | null;
  loggedInAt: Date | null;
  heartbeatAt: Date;
  puppet: string;
  restarts: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface BotHealth {
  /** absent: no bot runs (none ever did, or all were stopped on purpose); online: every bot is online; degraded: some are; offline: none is. */
  state: 'absent' | 'online' | 'degraded' | 'offline';
  instances: BotInstanceHealth[];
}

/** Beats a bot may miss before it counts as stale. */
const MISSED_BEATS = 3;
/** A bot stopped on purpose is still listed this long, then forgotten. */
const STOPPED_SHOWN_MS = 3600_000;

export async function botHealth(now: Date): Promise<BotHealth> {
  const states = (await BotStateModel.find({}).sort({ _id: 1 }).limit(100).lean<BotState[]>()).filter(
    (s) => s.state !== 'stopped' || now.getTime() - s.heartbeatAt.getTime() < STOPPED_SHOWN_MS,
  );
  const instances = states.map((s): BotInstanceHealth => {
    const silentFor = now.getTime() - s.heartbeatAt.getTime();
    const stale = s.state !== 'stopped' && silentFor > MISSED_BEATS * s.heartbeatEverySeconds * 1000;
    return {
      name: s._id,
      state: stale ? 'stale' : s.state,
      account: s.account
        ? { id: s.account.id, name: s.account.name, employeeUserId: s.account.employeeUserId ?? null }
        : null,
      loggedInAt: s.loggedInAt ?? null,
      heartbeatAt: s.heartbeatAt,
      puppet: s.puppet,
      restarts: s.restarts,
      lastError: s.lastError || null,
      lastErrorAt: s.lastErrorAt ?? null,
    };
  });
  // A bot stopped on purpose is not missing: it counts for nothing.
  const running = instances.filter((i) => i.state !== 'stopped');
  const online = running.filter((i) => i.state === 'online').length;
  const state =
    running.length === 0 ? 'absent' : online === running.length ? 'online' : online > 0 ? 'degraded' : 'offline';
  return { state, instances };
}
