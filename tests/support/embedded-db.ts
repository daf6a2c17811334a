import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';

// The embedded database as its own process with H2 file storage on a fixed loopback port, for fault
// tests: it can be SIGKILLed like a database process that crashes and started again on the same port
// and file, so clients see the same address come back, or stopped and continued like a host that hangs.
// (A kill keeps what the process wrote in the OS page cache: it does not show what a host losing power loses.)
//
// A SIGSTOP takes effect when the kernel gets round to each of the JVM's threads, not when kill(2) returns: on
// this 2-core machine under load, a write sent right after the signal was still answered 2–7 times in 100, and the
// last thread stopped up to 870 ms after it (measured with the signal sent, then an insert, then the threads'
// states polled). So pause() resolves only once every thread of the JVM shows the stopped state in /proc: from
// then on it answers nothing, whatever was sent to it.

export interface KillableDatabase {
  port: number;
  /** The pid of the database's JVM (the process `java` started; it is the JVM itself, no wrapper). */
  pid(): number;
  /** mongodb://127.0.0.1:<port>/<name> */
  uri(name: string): string;
  /** SIGKILLs the database process and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and file. */
  restart(): Promise<void>;
  /**
   * SIGSTOPs the database process and resolves once every one of its threads is stopped (what the signal
   * did not stop until then could still answer): connections stay open and nothing answers, like a host
   * that hangs. Resolves with how long the stop took to take effect (ms).
   */
  pause(): Promise<number>;
  /** Whether every thread of the database process is stopped now (after pause(), until resume()). */
  paused(): boolean;
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

/** The scheduler states of a process's threads (R, S, D, T …), from /proc/<pid>/task/<tid>/stat. */
function threadStates(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // "tid (comm) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
      return [stat.charAt(stat.lastIndexOf(')') + 2)];
    } catch {
      // The thread ended between the listing and the read.
      return [];
    }
  });
}

/** Stopped (T), or ending (Z, X): a thread that runs no more code of the process. */
function allStopped(pid: number): boolean {
  const states = threadStates(pid);
  return states.length > 0 && states.every((state) => 'TtZX'.includes(state));
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
    pid: () => server!.pid,
    async kill() {
      const pid = server!.pid;
      process.kill(pid, 'SIGKILL');
      while (!gone(pid)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      server = undefined;
    },
    async pause() {
      const pid = server!.pid;
      const sent = performance.now();
      process.kill(pid, 'SIGSTOP');
      while (!allStopped(pid)) {
        if (performance.now() - sent > 30_000) {
          throw new Error(`database process ${pid} not stopped 30 s after SIGSTOP: ${threadStates(pid).join('')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return performance.now() - sent;
    },
    paused: () => allStopped(server!.pid),
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
