import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// `npm start` as a newcomer and as a production install meet it: the server process itself, on the
// embedded database under DATA_DIR (no MONGODB_URI), and with WeCom settings whose API cannot be reached.

const dataDir = mkdtempSync(join(tmpdir(), 'scrm-startup-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('start-up', () => {
  it(
    'when WeCom settings are present but WeCom is unreachable, then the server still starts on the embedded database and /healthz reports the database up',
    { timeout: 180_000 },
    async () => {
      server = await startServerProcess(
        {
          DATA_DIR: dataDir,
          WECOM_CORP_ID: 'wwstartup0001',
          WECOM_SECRET: 'startup-secret',
          WECOM_AGENT_ID: '1000002',
          WECOM_TOKEN: 'StartupToken',
          WECOM_AES_KEY: 'c3RhcnR1cGtleXN0YXJ0dXBrZXlzdGFydHVwa2V5c3Q',
          WECOM_API_BASE: `http://127.0.0.1:${await closedPort()}/cgi-bin`,
          SESSION_SECRET: 'startup-session-secret-0123456789abcdef',
        },
        150_000,
      );
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', db: 'up', mode: 'wecom' });
      expect(server.logs.some((l) => l.msg === 'database connected' && String(l.database).startsWith('embedded'))).toBe(
        true,
      );
      // WeCom being down is not a reason to refuse the mini-app: an unauthenticated API call still gets its 401.
      expect((await fetch(`${server.url}/api/me`)).status).toBe(401);
      // Every phone is in DATA_DIR: its folders are 0700 and its files 0600, the H2 store included.
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect([mode(dataDir), mode(join(dataDir, 'db'))]).toEqual([0o700, 0o700]);
      const files = readdirSync(join(dataDir, 'db'));
      expect(files.some((f) => f.endsWith('.h2'))).toBe(true);
      expect(Object.fromEntries(files.map((f) => [f, mode(join(dataDir, 'db', f))]))).toEqual(
        Object.fromEntries(files.map((f) => [f, 0o600])),
      );
    },
  );
});
