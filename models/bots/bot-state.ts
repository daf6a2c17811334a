import { hostname } from 'node:os';
import { BotStateModel, type BotState, type BotStateName } from '../messages/bot-state.model.js';

// Written by the bot process, read by the server's /healthz (bot-health.ts).

export interface BotAccount {
  id: string;
  name: string;
  employeeUserId: string | null;
}

export interface BotStart {
  name: string;
  puppet: string;
  heartbeatEverySeconds: number;
  delivers: boolean;
  routesNotices: boolean;
}

/** A fresh record for a starting bot process (replaces what an earlier run left). */
export async function recordBotStart(
  { name, puppet, heartbeatEverySeconds, delivers, routesNotices }: BotStart,
  now: Date,
): Promise<void> {
  await BotStateModel.replaceOne(
    { _id: name },
    {
      _id: name,
      state: 'starting',
      stateChangedAt: now,
      puppet,
      account: null,
      loggedInAt: null,
      delivers,
      routesNotices,
      heartbeatAt: now,
      heartbeatEverySeconds,
      startedAt: now,
      restarts: 0,
      lastError: '',
      lastErrorAt: null,
      host: hostname(),
      pid: process.pid,
    },
    { upsert: true },
  );
}

export interface BotStateChange {
  state?: BotStateName;
  account?: BotAccount | null;
  error?: string;
  restarted?: boolean;
}

/** Records a state change (which also counts as a heartbeat). */
export async function recordBotState(name: string, change: BotStateChange, now: Date): Promise<void> {
  const set: Partial<BotState> & Record<string, unknown> = { heartbeatAt: now };
  if (change.state) {
    set.state = change.state;
    set.stateChangedAt = now;
  }
  if (change.account !== undefined) {
    set.account = change.account;
    set.loggedInAt = change.account ? now : null;
  }
  if (change.error !== undefined) {
    // Error texts from puppets can be long stack dumps: the first line is what an operator needs.
    set.lastError = change.error.split('\n')[0]!.slice(0, 500);
    set.lastErrorAt = now;
  }
  await BotStateModel.updateOne({ _id: name }, { $set: set, ...(change.restarted ? { $inc: { restarts: 1 } } : {}) });
}

export async function recordBotHeartbeat(name: string, now: Date): Promise<void> {
  await BotStateModel.updateOne({ _id: name }, { $set: { heartbeatAt: now } });
}
