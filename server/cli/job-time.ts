import type { Config } from '../../config/config.js';
import { HOUR, type Clock } from '../../models/shared/clock.js';
import type { SharedClock } from '../../models/shared/local-clock.js';
import { runningEmulatorUrl } from '../wecom/local-mode.js';

// The instant a hand-run job runs at (`job <name> --at <time>`). A run ahead of the clock would queue
// its messages for a time that has not come and write dates in the future, so: in local mode the whole
// local system (server, jobs, emulator) first moves forward to that time; with a real corp, where time
// cannot move, a future time is refused.

export type JobTime = { at: Date; moved?: string } | { error: string };

const TOLERANCE_MS = 60_000;

function isShared(clock: Clock): clock is SharedClock {
  return typeof (clock as Partial<SharedClock>).advance === 'function';
}

async function moveLocalSystem(config: Config, clock: SharedClock, ms: number): Promise<void> {
  const url = runningEmulatorUrl(config);
  if (url) {
    // Through the running emulator, so transfers due by then complete with their callbacks.
    const res = await fetch(`${url}/_emulator/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hours: ms / HOUR }),
    });
    if (!res.ok) {
      throw new Error(`the emulator refused to move the clock: ${res.status} ${await res.text()}`);
    }
  } else {
    await clock.advance(ms);
  }
  await clock.refresh();
}

export async function jobTime(config: Config, clock: Clock, at: string | undefined): Promise<JobTime> {
  if (at === undefined) {
    return { at: clock.now() };
  }
  const wanted = new Date(at);
  if (Number.isNaN(wanted.getTime())) {
    return { error: `--at: not a time: ${at}` };
  }
  const ahead = wanted.getTime() - clock.now().getTime();
  if (ahead <= TOLERANCE_MS) {
    return { at: wanted };
  }
  if (config.mode !== 'local' || !isShared(clock)) {
    return {
      error: `--at: ${wanted.toISOString()} is in the future; a run ahead of time would queue its messages for then. Run the job without --at when the time comes.`,
    };
  }
  await moveLocalSystem(config, clock, ahead);
  return {
    at: wanted,
    moved: `local mode: the clock of the whole local system moved forward to ${wanted.toISOString()}`,
  };
}
