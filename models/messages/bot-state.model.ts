import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// The state of each bot process (one per WeCom account it drives), written by the bot and read by
// the server's /healthz. The server and the bot never import each other, so the database is where
// they meet; a bot that stops writing heartbeats is reported stale.

export const botStates = ['starting', 'waiting-login', 'online', 'offline', 'reconnecting', 'stopped'] as const;
export type BotStateName = (typeof botStates)[number];

const botStateSchema = new Schema(
  {
    /** BOT_NAME of the process. */
    _id: { type: String, required: true },
    state: { type: String, enum: botStates, required: true },
    stateChangedAt: { type: Date, required: true },
    /** Puppet module the bot drives, e.g. wechaty-puppet-service. */
    puppet: { type: String, default: '' },
    /** The logged-in WeCom account, and the employee it belongs to when known. */
    account: {
      type: new Schema(
        {
          id: { type: String, required: true },
          name: { type: String, default: '' },
          employeeUserId: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    loggedInAt: { type: Date, default: null },
    heartbeatAt: { type: Date, required: true },
    /** The interval the bot promised to beat at, so readers can tell a stale bot without its config. */
    heartbeatEverySeconds: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    /** Whether it delivers bot-channel messages (BOT_DELIVERY), and wants employee notices routed to it. */
    delivers: { type: Boolean, default: false },
    routesNotices: { type: Boolean, default: false },
    /** Puppet restarts since the process started. */
    restarts: { type: Number, default: 0 },
    lastError: { type: String, default: '' },
    lastErrorAt: { type: Date, default: null },
    host: { type: String, default: '' },
    pid: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export type BotState = InferRawDocTypeFromSchema<typeof botStateSchema>;
export const BotStateModel = model('BotState', botStateSchema, 'bot_states');
