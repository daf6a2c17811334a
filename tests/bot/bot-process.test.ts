import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BotStateModel } from '../../models/messages/bot-state.model.js';
import { useTestDatabase } from '../support/database.js';

const db = useTestDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-bot-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm run bot (bot/main.ts)', () => {
  it('when WECHATY_PUPPET is not set, then the bot refuses to start and says what to set', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, MONGODB_URI: db.uri() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('WECHATY_PUPPET');
  });

  it(
    'when started with the mock puppet the README offers to try it, then it logs in and records online in the shared database, and records the stop on SIGTERM',
    { timeout: 90_000 },
    async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: dataDir,
          MONGODB_URI: db.uri(),
          WECHATY_PUPPET: 'wechaty-puppet-mock',
          BOT_NAME: 'process-bot',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        const running = await until(
          () => BotStateModel.findById('process-bot').lean(),
          (s) => s?.state === 'online',
          'the bot to log in',
        );
        expect(running).toMatchObject({
          puppet: 'wechaty-puppet-mock',
          pid: child.pid,
          account: { name: 'CRM 小助手（试用）' },
        });
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      expect((await BotStateModel.findById('process-bot').lean())?.state).toBe('stopped');
      expect(stderr).not.toContain('"level":"error"');
    },
  );
});
