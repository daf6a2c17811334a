import { BotStateModel, type BotState } from './bot-state.model.js';
import { groupCommit } from '../shared/group-commit.js';

// Which way messages to employees go. The WeCom app is the default and the fallback; a bot that
// delivers (BOT_DELIVERY) and asked for notices (BOT_ROUTE_NOTICES) takes them while it is online.
// A bot counts as online only while it keeps beating, so a crashed bot stops attracting messages.

const MISSED_BEATS = 3;

type Beat = Pick<BotState, 'state' | 'heartbeatAt' | 'heartbeatEverySeconds'>;

function alive(state: Beat, now: Date): boolean {
  return (
    state.state === 'online' &&
    now.getTime() - state.heartbeatAt.getTime() <= MISSED_BEATS * state.heartbeatEverySeconds * 1000
  );
}

function onlineBots(routingNotices: boolean): Promise<Beat[]> {
  return BotStateModel.find(
    { state: 'online', delivers: true, ...(routingNotices ? { routesNotices: true } : {}) },
    { state: 1, heartbeatAt: 1, heartbeatEverySeconds: 1 },
  )
    .limit(100)
    .lean<Beat[]>();
}

// Concurrent producers (a burst of WeCom leads each telling its rep) share one read of the bots; the read starts
// after each of them asked (models/shared/group-commit.ts), so it is as fresh as one of their own.
const botsTogether = groupCommit<boolean, Beat[]>(async (flags) => {
  const kinds = [...new Set(flags)];
  const found = await Promise.all(kinds.map(onlineBots));
  return flags.map((flag) => found[kinds.indexOf(flag)]!);
});

/** Whether some bot is online and delivering bot-channel messages now. */
export async function deliveringBotOnline(now: Date, routingNotices = false): Promise<boolean> {
  return (await botsTogether(routingNotices)).some((b) => alive(b, now));
}

/** The channel for reps' nudges, reclaim warnings and digests produced now. */
export async function employeeMessageChannel(now: Date): Promise<'wecom' | 'bot'> {
  return (await deliveringBotOnline(now, true)) ? 'bot' : 'wecom';
}
