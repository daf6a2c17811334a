import { BotStateModel, type BotState } from './bot-state.model.js';

// Which way messages to employees go. The WeCom app is the default and the fallback; a bot that
// delivers (BOT_DELIVERY) and asked for notices (BOT_ROUTE_NOTICES) takes them while it is online.
// A bot counts as online only while it keeps beating, so a crashed bot stops attracting messages.

const MISSED_BEATS = 3;

function alive(state: Pick<BotState, 'state' | 'heartbeatAt' | 'heartbeatEverySeconds'>, now: Date): boolean {
  return (
    state.state === 'online' &&
    now.getTime() - state.heartbeatAt.getTime() <= MISSED_BEATS * state.heartbeatEverySeconds * 1000
  );
}

/** Whether some bot is online and delivering bot-channel messages now. */
export async function deliveringBotOnline(now: Date, routingNotices = false): Promise<boolean> {
  const bots = await BotStateModel.find(
    { state: 'online', delivers: true, ...(routingNotices ? { routesNotices: true } : {}) },
    { state: 1, heartbeatAt: 1, heartbeatEverySeconds: 1 },
  )
    .limit(100)
    .lean<BotState[]>();
  return bots.some((b) => alive(b, now));
}

/** The channel for reps' nudges, reclaim warnings and digests produced now. */
export async function employeeMessageChannel(now: Date): Promise<'wecom' | 'bot'> {
  return (await deliveringBotOnline(now, true)) ? 'bot' : 'wecom';
}
