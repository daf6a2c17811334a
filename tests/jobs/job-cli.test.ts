import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/config.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';

const database = useTestDatabase();
const exec = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      env: { PATH: process.env.PATH, MONGODB_URI: database.uri(), LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('running a job by hand: npm run cli -- job <name>', () => {
  it('when a job is run with --dry-run, then it reports what it would do and changes nothing; without, it does it', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(new Date('2026-01-01T02:00:00Z'), { name: '命令行掉保测试有限公司' });
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, new Date('2026-01-01T02:00:00Z')));

    const dry = await cli('job', 'drop-sweep', '--dry-run', '--at', '2026-03-01T02:00:00Z');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      job: 'drop-sweep',
      dryRun: true,
      due: 1,
      dropped: 0,
      wouldDrop: [{ name: '命令行掉保测试有限公司', reason: 'no-valid-follow-up' }],
    });
    expect((await CustomerModel.findById(customer._id).lean())?.poolState).toBe('private');

    const real = await cli('job', 'drop-sweep', '--at', '2026-03-01T02:00:00Z');
    expect(JSON.parse(real.stdout)).toMatchObject({
      job: 'drop-sweep',
      dryRun: false,
      due: 1,
      dropped: 1,
      messages: 1,
    });
    expect((await CustomerModel.findById(customer._id).lean())?.poolState).toBe('public');
  });

  it('when the job is unknown or --at is not a time, then the command exits 2 and says why; `job list` lists every job', async () => {
    const [unknown, badTime, list] = await Promise.all([
      cli('job', 'no-such-job'),
      cli('job', 'drop-sweep', '--at', 'yesterday'),
      cli('job', 'list'),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown job: no-such-job');
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--at: not a time');
    for (const name of [
      'drop-sweep',
      'reclaim-warnings',
      'follow-up-nudges',
      'stake-deadlines',
      'daily-digest',
      'counter-reconcile',
    ]) {
      expect(list.stdout).toContain(name);
    }
  });

  it('when JOB_SCHEDULES overrides or switches off jobs, then the config carries it; a bad expression stops start-up', () => {
    expect(parseConfig({ JOB_SCHEDULES: 'drop-sweep=*/5 * * * *; daily-digest=off' }).jobSchedules).toEqual({
      'drop-sweep': '*/5 * * * *',
      'daily-digest': 'off',
    });
    expect(() => parseConfig({ JOB_SCHEDULES: 'drop-sweep=every ten minutes' })).toThrow(ConfigError);
  });
});
