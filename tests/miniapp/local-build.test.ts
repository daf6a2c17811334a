import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import { sharedLocalClock } from '../../models/shared/local-clock.js';
import { commandLineEnv } from '../../scripts/build-miniapp.js';
import { startLocalWecom, type LocalWecom } from '../../server/wecom/local-mode.js';
import { useTestDatabase } from '../support/database.js';
import { testConfig } from '../support/factories.js';

useTestDatabase();

// `npm run build:miniapp` for local mode points the mini-app at the local-mode server actually running
// on this DATA_DIR (whatever its PORT), or at the port given, and leaves the member to the tester.

let dataDir: string;
let local: LocalWecom;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'miniapp-local-'));
  local = await startLocalWecom(testConfig({ DATA_DIR: dataDir }), silentLogger, await sharedLocalClock());
  // What server/main.ts does once the server listens, here on port 4567.
  local.connect(4567);
});
afterAll(async () => {
  await local.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const builtEnv = (out: string) =>
  JSON.parse(/exports\.env = (.*);/.exec(readFileSync(join(out, 'lib', 'env.js'), 'utf8'))![1]!) as Record<
    string,
    unknown
  >;

describe('npm run build:miniapp (local mode)', () => {
  it('when a local-mode server runs on another port, then the build talks to it and asks who logs in', () => {
    const out = join(dataDir, 'dist');
    execFileSync('npx', ['tsx', 'scripts/build-miniapp.ts', `--out=${out}`], {
      stdio: 'pipe',
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    expect(builtEnv(out)).toEqual({ name: 'local', apiBase: 'http://127.0.0.1:4567', localLogin: true });
  }, 120_000);

  it('when a port or a member is given, then the build uses them; a published build refuses them', async () => {
    expect(await commandLineEnv(['--port=3100', '--user=lihua'])).toMatchObject({
      apiBase: 'http://127.0.0.1:3100',
      localUserId: 'lihua',
    });
    expect(await commandLineEnv(['--api=http://192.168.1.20:3000'])).toMatchObject({
      apiBase: 'http://192.168.1.20:3000',
    });
    await expect(commandLineEnv(['--port=abc'])).rejects.toThrow(/port number/);
    expect(await commandLineEnv(['--env=production', '--port=3100'])).toMatchObject({
      apiBase: 'https://scrm.example.com',
    });
  });
});
