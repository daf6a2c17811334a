import cron from 'node-cron';
import { z } from 'zod';
import { rateLimitVariables } from './rate-limit.schema.js';
import { poolRuleVariables } from './pool-rules.schema.js';

// Every environment variable the product reads, described once. parseConfig() is the only reader.

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// "name=cron expression" pairs separated by ";" ("off" disables a job), e.g. "drop-sweep=*/5 * * * *;daily-digest=off".
const jobSchedules = z.string().transform((s, ctx) => {
  const schedules: Record<string, string> = {};
  for (const pair of s
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, expression] = pair.split('=').map((p) => p.trim());
    if (!name || !expression || !(expression === 'off' || cron.validate(expression))) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=<cron expression> or name=off` });
      continue;
    }
    schedules[name] = expression;
  }
  return schedules;
});

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone, e.g. "Asia/Shanghai"');

export const envSchema = z.object({
  PORT: intFrom(0, 65535).default(3000).describe('HTTP port of the server (0 picks a free port).'),
  HOST: z
    .string()
    .min(1)
    .optional()
    .describe('Interface the server binds to. Default: 127.0.0.1 in local mode (loopback only), 0.0.0.0 with WeCom.'),
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('Local storage: the embedded database file and local-mode secrets live here.'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional()
    .describe('MongoDB (>= 6) connection string. Unset: start the embedded local database under DATA_DIR.'),
  LOCAL_DEMO_MONGODB: z
    .stringbool()
    .default(false)
    .describe(
      'Lets local mode (no WeCom credentials) run on MONGODB_URI instead of its embedded database, and then only on a database local mode created and marked (an empty one becomes marked).',
    ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info').describe('Log verbosity.'),
  BUSINESS_TIMEZONE: timezone
    .default('Asia/Shanghai')
    .describe('Time zone of business days (drop dates, digests, daily limits), independent of the machine.'),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'Signs mini-app session tokens. Required with WeCom credentials; generated under DATA_DIR in local mode.',
    ),

  WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, 'letters and digits only')
    .optional()
    .describe('WeCom corp id (企业ID). Set it with the other WECOM_* credentials, or none of them for local mode.'),
  WECOM_SECRET: z.string().min(1).optional().describe('Secret of the self-built app (应用Secret).'),
  WECOM_AGENT_ID: intFrom(1, Number.MAX_SAFE_INTEGER).optional().describe('AgentId of the self-built app.'),
  WECOM_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'letters and digits, up to 32')
    .optional()
    .describe('Callback Token from 接收消息 settings.'),
  WECOM_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'must be exactly 43 letters and digits')
    .optional()
    .describe('Callback EncodingAESKey (43 characters).'),
  WECOM_API_BASE: z
    .url()
    .default('https://qyapi.weixin.qq.com/cgi-bin')
    .describe('Base URL of the WeCom server API (tests and local mode point it at the emulator).'),
  WECOM_LOGIN_BASE: z
    .url()
    .default('https://login.work.weixin.qq.com')
    .describe('Base URL of WeCom web login (企业微信扫码登录) for the ops console (local mode: the emulator).'),
  WECOM_OAUTH_BASE: z
    .url()
    .default('https://open.weixin.qq.com')
    .describe(
      "Base URL of WeCom OAuth inside WeCom's built-in browser, for the ops console (local mode: the emulator).",
    ),
  ADMIN_USER_IDS: z
    .string()
    .regex(/^[\w.@-]+(,[\w.@-]+)*$/, 'expected comma-separated WeCom userids, e.g. "zhangsan,lisi"')
    .transform((s) => [...new Set(s.split(','))])
    .optional()
    .describe("WeCom userids made admins of the ops console at start-up, besides the corp's app administrators."),
  WECOM_MAX_CLOCK_SKEW: intFrom(0, 86400)
    .default(300)
    .describe('Seconds a callback timestamp may differ from now; 0 turns the check off.'),
  BACKGROUND_WORKERS: z
    .enum(['process', 'inline'])
    .default('process')
    .describe(
      'Where the background work (WeCom events, outbound messages, scheduled jobs) runs: "process", a worker process of its own, so it never delays the HTTP answers and uses the second core; "inline", in the HTTP process.',
    ),
  EVENT_WORKERS: intFrom(1, 6)
    .default(1)
    .describe(
      "With BACKGROUND_WORKERS=process, how many worker processes process the stored WeCom events side by side: each takes a share of the contacts and members (one contact's events in order, in one process); the first also sends the messages and runs the jobs.",
    ),
  WEB_CONCURRENCY: intFrom(1, 64).default(1).describe('HTTP processes sharing the port (cluster); not local mode.'),
  WORKER_LEASE_SECONDS: intFrom(1, 3600)
    .default(30)
    .describe(
      'Seconds a server instance holds a WeCom event or outbound message it works on (renewed while working) before another instance may take it over.',
    ),

  JOB_SCHEDULES: jobSchedules
    .default({})
    .describe(
      'Overrides of the scheduled jobs\' node-cron expressions (in BUSINESS_TIMEZONE), e.g. "drop-sweep=*/5 * * * *;daily-digest=off".',
    ),
  MINIAPP_APPID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, 'a mini-program AppID, e.g. "wx0123456789abcdef"')
    .optional()
    .describe('AppID of the WeCom mini-program; the daily digest links to its team page.'),

  ...poolRuleVariables,
  ...rateLimitVariables,

  // The Wechaty bot (`npm run bot`, its own process; see bot/README.md).
  WECHATY_PUPPET: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Puppet the bot drives, read by Wechaty itself: wechaty-puppet-service for WorkPro and other puppet services, wechaty-puppet-mock to try the bot without an account. Required to run the bot.',
    ),
  WECHATY_PUPPET_SERVICE_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Puppet-service token (e.g. puppet_workpro_…), read by wechaty-puppet-service itself; required with WECHATY_PUPPET=wechaty-puppet-service.',
    ),
  BOT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, "-" and "_", up to 40')
    .default('scrm-bot')
    .describe(
      'Name of this bot process: its login session file under DATA_DIR/bot and its entry on /healthz. One name per WeCom account the bots drive.',
    ),
  BOT_ACCOUNT: z
    .enum(['assistant', 'rep'])
    .default('assistant')
    .describe(
      "What account the bot drives. assistant: a dedicated CRM assistant that reps message for commands and add to customer groups. rep: a rep's own account, whose private client chats become that rep's leads.",
    ),
  BOT_ACCOUNT_USER_ID: z
    .string()
    .min(1)
    .optional()
    .describe(
      'With BOT_ACCOUNT=rep: WeCom userid of the rep whose account the bot drives. Unset: matched from the logged-in account.',
    ),
  BOT_GROUP_KEYWORD: z
    .string()
    .min(1)
    .max(10)
    .regex(/^\S+$/, 'one word, no spaces')
    .default('crm')
    .describe(
      'Word that turns a group message (and, with BOT_ACCOUNT=rep, a colleague\'s private message) into a command, e.g. "crm 查重 字节跳动". Mentioning the bot works too.',
    ),
  BOT_ARCHIVE_CHATS: z
    .stringbool()
    .default(false)
    .describe(
      'Whether the bot stores the text of client chats (会话存档). Off: only who talked to whom is kept. The company setting overrides it.',
    ),
  BOT_HEARTBEAT_SECONDS: intFrom(5, 3600)
    .default(30)
    .describe('How often the bot records its heartbeat; /healthz reports a bot silent for three beats as stale.'),
  BOT_DELIVERY: z
    .stringbool()
    .default(true)
    .describe('Whether this bot delivers outbox messages addressed to the bot channel (nudges, warnings, digests).'),
  BOT_ROUTE_NOTICES: z
    .stringbool()
    .default(false)
    .describe(
      "Whether reps' nudges, reclaim warnings and digests go through this bot while it is online and delivering; through the WeCom app otherwise.",
    ),
});

export type Env = z.input<typeof envSchema>;

export const wecomCredentialVariables = [
  'WECOM_CORP_ID',
  'WECOM_SECRET',
  'WECOM_AGENT_ID',
  'WECOM_TOKEN',
  'WECOM_AES_KEY',
] as const;
