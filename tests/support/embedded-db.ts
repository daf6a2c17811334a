import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';

// The embedded database as its own process with H2 file storage on a fixed loopback port, for fault
// tests: it can be SIGKILLed like a database host losing power and started again on the same port
// and file, so clients see the same address come back, or stopped and continued like a host that hangs.

export interface KillableDatabase {
  port: number;
  /** mongodb://127.0.0.1:<port>/<name> */
  uri(name: string): string;
  /** SIGKILLs the database process and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and file. */
  restart(): Promise<void>;
  /** SIGSTOPs the database process: connections stay open and nothing answers, like a host that hangs. */
  pause(): void;
  /** SIGCONTs it after pause(). */
  resume(): void;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

export async function startKillableDatabase(): Promise<KillableDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'scrm-hostile-db-'));
  const storage = join(dir, 'scrm.h2');
  const port = await freePort();
  let server: LocalMongo | undefined = await startLocalMongo({ storage, port });
  return {
    port,
    uri: (name) => `mongodb://127.0.0.1:${port}/${name}`,
    async kill() {
      const pid = server!.pid;
      process.kill(pid, 'SIGKILL');
      while (!gone(pid)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      server = undefined;
    },
    pause() {
      process.kill(server!.pid, 'SIGSTOP');
    },
    resume() {
      process.kill(server!.pid, 'SIGCONT');
    },
    async restart() {
      // The kernel may hold the port for a moment after the kill; retry briefly.
      for (let attempt = 0; ; attempt++) {
        try {
          server = await startLocalMongo({ storage, port });
          return;
        } catch (error) {
          if (attempt >= 20) {
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
    async stop() {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
