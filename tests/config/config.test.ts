import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/config.js';
import { envSchema } from '../../config/config.schema.js';

const wecom = {
  WECOM_CORP_ID: 'wx5823bf96d3bd56c7',
  WECOM_SECRET: 'app-secret',
  WECOM_AGENT_ID: '1000002',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  SESSION_SECRET: 'x'.repeat(32),
};

describe('configuration', () => {
  it('when nothing is set, then it runs in local mode on the documented defaults', () => {
    const config = parseConfig({});
    expect(config.mode).toBe('local');
    expect(config.wecom).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.timezone).toBe('Asia/Shanghai');
    expect(config.wecomApiBase).toBe('https://qyapi.weixin.qq.com/cgi-bin');
    expect(config.poolDefaults).toMatchObject({
      capacity: 50,
      dailyClaimLimit: 10,
      dropNoFollowUpDays: 30,
      dropNoDealDays: 60,
      warningDays: [3, 1],
      reclaimCooldownDays: 7,
      stakeMultiple: 5,
      stakeDeadlineDays: 14,
    });
  });

  it('when every WeCom credential is set, then it runs in WeCom mode', () => {
    const config = parseConfig({
      ...wecom,
      POOL_WARNING_DAYS: '1,5,3',
      POOL_DROP_NO_FOLLOW_UP_DAYS_BY_GRADE: 'A:7,C:45',
    });
    expect(config.mode).toBe('wecom');
    expect(config.wecom).toMatchObject({ corpId: 'wx5823bf96d3bd56c7', agentId: 1000002 });
    expect(config.poolDefaults.warningDays).toEqual([5, 3, 1]);
    expect(config.poolDefaults.dropNoFollowUpDaysByGrade).toEqual({ A: 7, C: 45 });
  });

  it('when several values are bad, then one error lists every one of them', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        BUSINESS_TIMEZONE: 'Mars/Olympus',
        WECOM_CORP_ID: 'corp',
        POOL_CAPACITY: '0',
        MONGODB_URI: 'http://db',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'BUSINESS_TIMEZONE',
      'POOL_CAPACITY',
      'MONGODB_URI',
      'WECOM_SECRET',
      'WECOM_AGENT_ID',
      'WECOM_TOKEN',
      'WECOM_AES_KEY',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('when a WeCom credential is set to an empty string, then it is a configuration error, not local mode', () => {
    let error: unknown;
    try {
      parseConfig({ ...wecom, WECOM_SECRET: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/WECOM_SECRET: set but empty/);
    // All unset: local mode, as before.
    expect(parseConfig({ MONGODB_URI: '' }).mode).toBe('local');
  });

  it('when no HOST is set, then local mode binds loopback only and WeCom mode every interface', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig(wecom).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('documents every variable', () => {
    for (const [name, schema] of Object.entries(envSchema.shape)) {
      expect(schema.description, name).toBeTruthy();
    }
  });

  it('when the server starts with a broken configuration, then it exits non-zero naming every bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, PORT: '-1', WECOM_AES_KEY: 'short', POOL_WARNING_DAYS: 'soon' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    for (const name of ['PORT', 'WECOM_AES_KEY', 'POOL_WARNING_DAYS', 'WECOM_CORP_ID']) {
      expect(result.stderr).toContain(name);
    }
  });
});
