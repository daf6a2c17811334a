import type { z } from 'zod';
import { envSchema, wecomCredentialVariables } from './config.schema.js';
import type { PoolRules } from './pool-rules.js';

// The configuration is the environment schema's output: envSchema validates each variable, and the
// transform below shapes the result. Config is inferred from it, never written a second time.

type Env = z.output<typeof envSchema>;

/** All five WeCom credentials, or none (local mode). */
function wecomCredentials(e: Env) {
  return e.WECOM_CORP_ID && e.WECOM_SECRET && e.WECOM_AGENT_ID && e.WECOM_TOKEN && e.WECOM_AES_KEY
    ? {
        corpId: e.WECOM_CORP_ID,
        secret: e.WECOM_SECRET,
        agentId: e.WECOM_AGENT_ID,
        token: e.WECOM_TOKEN,
        aesKey: e.WECOM_AES_KEY,
      }
    : undefined;
}

/** The company's default pool rules; the company settings and each department may override them. */
function poolDefaults(e: Env): PoolRules {
  return {
    capacity: e.POOL_CAPACITY,
    dailyClaimLimit: e.POOL_DAILY_CLAIM_LIMIT,
    dropNoFollowUpDays: e.POOL_DROP_NO_FOLLOW_UP_DAYS,
    dropNoFollowUpDaysByGrade: e.POOL_DROP_NO_FOLLOW_UP_DAYS_BY_GRADE,
    dropNoDealDays: e.POOL_DROP_NO_DEAL_DAYS,
    warningDays: e.POOL_WARNING_DAYS,
    reclaimCooldownDays: e.POOL_RECLAIM_COOLDOWN_DAYS,
    stakeMultiple: e.POOL_STAKE_MULTIPLE,
    stakeDeadlineDays: e.POOL_STAKE_DEADLINE_DAYS,
    maxLockedPerTeam: e.POOL_MAX_LOCKED_PER_TEAM,
    followUpEscalationDays: e.FOLLOW_UP_ESCALATION_DAYS,
  };
}

/** The Wechaty bot's settings (bot/); the puppet itself also reads its own WECHATY_* variables. */
function botSettings(e: Env) {
  return {
    /** Puppet module name; undefined means the bot cannot run. */
    puppet: e.WECHATY_PUPPET,
    name: e.BOT_NAME,
    /** assistant: a dedicated CRM assistant account; rep: a rep's own account. */
    account: e.BOT_ACCOUNT,
    accountUserId: e.BOT_ACCOUNT_USER_ID,
    groupKeyword: e.BOT_GROUP_KEYWORD,
    archiveChats: e.BOT_ARCHIVE_CHATS,
    heartbeatSeconds: e.BOT_HEARTBEAT_SECONDS,
    delivery: e.BOT_DELIVERY,
    /** Route employee notices through this bot while it is online. */
    routeNotices: e.BOT_ROUTE_NOTICES,
  };
}

function toConfig(e: Env) {
  const wecom = wecomCredentials(e);
  const mode: 'local' | 'wecom' = wecom ? 'wecom' : 'local';
  return {
    port: e.PORT,
    // Local mode serves a demo corp whose members log in without WeCom: loopback only unless asked.
    host: e.HOST ?? (wecom ? '0.0.0.0' : '127.0.0.1'),
    dataDir: e.DATA_DIR,
    mongodbUri: e.MONGODB_URI,
    /** Local mode may use MONGODB_URI (a database it created and marked); refused otherwise. */
    localDemoOnMongodb: e.LOCAL_DEMO_MONGODB,
    logLevel: e.LOG_LEVEL,
    timezone: e.BUSINESS_TIMEZONE,
    sessionSecret: e.SESSION_SECRET,
    /** 'local' when no WeCom credentials are set: the product runs against the embedded emulator. */
    mode,
    wecom,
    wecomApiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
    /** WeCom web login (扫码登录) and in-WeCom OAuth bases, for the ops console. */
    wecomLoginBase: e.WECOM_LOGIN_BASE.replace(/\/+$/, ''),
    wecomOauthBase: e.WECOM_OAUTH_BASE.replace(/\/+$/, ''),
    /** Employees (WeCom userids) made admins at start-up (ADMIN_USER_IDS). */
    adminUserIds: e.ADMIN_USER_IDS ?? [],
    wecomMaxClockSkewSeconds: e.WECOM_MAX_CLOCK_SKEW,
    workerLeaseSeconds: e.WORKER_LEASE_SECONDS,
    /** 'process': background services run in a forked worker process (server/worker.ts); 'inline': here. */
    backgroundWorkers: e.BACKGROUND_WORKERS,
    /** Worker processes sharing the WeCom events (models/wecom/event-partition.ts). */
    eventWorkers: e.EVENT_WORKERS,
    /** HTTP processes sharing the port (server/http-instances.ts); 1: this process answers itself. */
    webConcurrency: e.WEB_CONCURRENCY,
    poolDefaults: poolDefaults(e),
    /** Job name → node-cron expression or 'off', overriding the job's default schedule. */
    jobSchedules: e.JOB_SCHEDULES,
    miniappAppId: e.MINIAPP_APPID,
    bot: botSettings(e),
    /** Per-employee request limits of the mini-app API, each a list of windows. */
    rateLimits: {
      poolSearch: e.RATE_LIMIT_POOL_SEARCH,
      claim: e.RATE_LIMIT_CLAIM,
      conflictCheck: e.RATE_LIMIT_CONFLICT_CHECK,
      loginAddress: e.RATE_LIMIT_LOGIN_ADDRESS,
      loginEmployee: e.RATE_LIMIT_LOGIN_EMPLOYEE,
      customerRead: e.RATE_LIMIT_CUSTOMER_READ,
    },
  };
}

/** The environment schema with the configuration's shape: what parseConfig() returns. */
export const configSchema = envSchema.transform(toConfig);

export type Config = z.output<typeof configSchema>;
export type WecomCredentials = NonNullable<Config['wecom']>;
export type BotConfig = Config['bot'];
export type RateWindow = Config['rateLimits']['claim'][number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Rules across variables, which no single variable's schema can state. */
function crossVariableProblems(
  env: Record<string, string | undefined>,
  cleaned: Record<string, string | undefined>,
): string[] {
  // An empty WeCom credential would silently switch the server to local mode (the demo corp).
  const problems = wecomCredentialVariables
    .filter((n) => env[n] === '')
    .map((name) => `${name}: set but empty; unset it (all WECOM_* unset means local mode) or give it a value`);
  const present = wecomCredentialVariables.filter((name) => cleaned[name] !== undefined);
  if (present.length > 0 && present.length < wecomCredentialVariables.length) {
    for (const name of wecomCredentialVariables.filter((n) => cleaned[n] === undefined)) {
      problems.push(
        `${name}: required when any WeCom credential is set (set all of ${wecomCredentialVariables.join(', ')} or none)`,
      );
    }
  }
  if (present.length === wecomCredentialVariables.length && cleaned.SESSION_SECRET === undefined) {
    problems.push('SESSION_SECRET: required when WeCom credentials are set');
  }
  if (cleaned.WECHATY_PUPPET === 'wechaty-puppet-service' && cleaned.WECHATY_PUPPET_SERVICE_TOKEN === undefined) {
    problems.push('WECHATY_PUPPET_SERVICE_TOKEN: required with WECHATY_PUPPET=wechaty-puppet-service');
  }
  return problems;
}

/** Parses the environment into a Config; throws ConfigError listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as shells and .env files commonly produce them (WeCom credentials excepted).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossVariableProblems(env, cleaned),
  ];
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(problems);
  }
  return result.data;
}

/** Reads process.env once (the only place that does) and exits with every problem listed on failure. */
export function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
