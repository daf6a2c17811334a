import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testCorpEnv } from '../support/wecom.js';
import { until } from '../support/until.js';

// `npm start` runs the HTTP server and, beside it, a worker process with the background work (WeCom events,
// outbound messages, jobs) at a lower CPU priority, so that work never delays an answer to WeCom; with
// EVENT_WORKERS=2, two of them share the WeCom events, the first also sending the messages and running the jobs.
// Stopping the server stops every process it started, and a worker whose server died ends on its own.

const db = useTestDatabase();
const dataDirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) {
    await server.kill('SIGKILL');
  }
  for (const dir of dataDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function start(env: Record<string, string>): Promise<{ server: ServerProcess; workerPids: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scrm-worker-'));
  dataDirs.push(dataDir);
  const server = await startServerProcess({ DATA_DIR: dataDir, ...env }, 150_000);
  servers.push(server);
  await until(() => Promise.resolve(server.logs.some((l) => l.msg === 'background work started')), 60_000);
  // In the order of their shares (1/2, 2/2).
  const workerPids = server.logs
    .filter((l) => l.msg === 'worker process started')
    .sort((a, b) => String(a.share).localeCompare(String(b.share)))
    .map((l) => Number(l.pid));
  return { server, workerPids };
}

describe('the worker process', () => {
  it(
    'when the server starts with no settings, then the background work runs in its own process, and SIGTERM stops it and the embedded database',
    { timeout: 200_000 },
    async () => {
      const { server, workerPids } = await start({});
      expect(workerPids).toHaveLength(1);
      const [workerPid] = workerPids as [number];
      expect(workerPid).not.toBe(server.child.pid);
      // Under CPU contention the HTTP process answering WeCom goes first.
      expect(getPriority(workerPid)).toBeGreaterThan(getPriority(server.child.pid));
      const services = server.logs.filter((l) => l.msg === 'service started');
      expect(services.map((l) => [l.service, l.pid])).toEqual([
        ['wecom-event-processor', workerPid],
        ['wecom-message-sender', workerPid],
        ['scheduler', workerPid],
      ]);
      const dataDir = dataDirs.at(-1)!;
      const { pid: databasePid } = JSON.parse(readFileSync(join(dataDir, 'db', 'server.json'), 'utf8')) as {
        pid: number;
      };
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      await server.kill('SIGTERM');
      expect(server.child.exitCode).toBe(0);
      await until(() => Promise.resolve(!alive(workerPid) && !alive(databasePid)), 15_000);
    },
  );

  it(
    'when EVENT_WORKERS is 2, then two worker processes share the events, only the first sends messages and runs jobs, and SIGTERM stops both',
    { timeout: 200_000 },
    async () => {
      const { server, workerPids } = await start({ EVENT_WORKERS: '2' });
      expect(workerPids).toHaveLength(2);
      const [first, second] = workerPids as [number, number];
      expect(new Set([server.child.pid, first, second]).size).toBe(3);
      for (const pid of workerPids) {
        expect(getPriority(pid)).toBeGreaterThan(getPriority(server.child.pid));
      }
      const services = server.logs.filter((l) => l.msg === 'service started');
      expect(services.map((l) => [l.service, l.pid]).sort()).toEqual(
        [
          ['wecom-event-processor', first],
          ['wecom-message-sender', first],
          ['scheduler', first],
          ['wecom-event-processor', second],
        ].sort(),
      );
      await server.kill('SIGTERM');
      expect(server.child.exitCode).toBe(0);
      await until(() => Promise.resolve(workerPids.every((pid) => !alive(pid))), 15_000);
    },
  );

  it('when the server is SIGKILLed, then its worker process ends on its own', { timeout: 120_000 }, async () => {
    const { server, workerPids } = await start({
      MONGODB_URI: db.uri(),
      ...testCorpEnv('http://127.0.0.1:9/cgi-bin'),
      SESSION_SECRET: 'worker-test-session-secret-0123456789',
    });
    expect(workerPids.length).toBeGreaterThan(0);
    expect(workerPids.every(alive)).toBe(true);
    await server.kill('SIGKILL');
    await until(() => Promise.resolve(workerPids.every((pid) => !alive(pid))), 30_000);
  });
});
