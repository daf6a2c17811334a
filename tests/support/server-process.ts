import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

// The real server as a child process (`node --import tsx server/main.ts`), for crash and start-up
// tests: it can be killed with SIGKILL like a machine losing power. It runs in its own process group
// with the worker process it forks, so `kill` returns only once both are gone: a worker finishing its
// last poll after the test dropped the database would otherwise query collections that no longer exist.

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every log line so far (JSON objects). */
  logs: Record<string, unknown>[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const group = child.pid!;
  const killGroup = () => signalGroup(group, 'SIGKILL');
  process.once('exit', killGroup);
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms:\n${JSON.stringify(logs.slice(-5))}`)),
      timeoutMs,
    );
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${JSON.stringify(logs.slice(-5))}`)));
    createInterface({ input: child.stderr }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'server listening' && typeof entry.url === 'string') {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        logs.push({ raw: line });
      }
    });
  });
  child.stdout?.resume();
  return {
    url,
    child,
    logs,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      await exited;
      // The worker leaves on its own when its parent is gone; one that does not is killed.
      if (!(await groupGone(group, 15_000))) {
        signalGroup(group, 'SIGKILL');
        await groupGone(group, 5_000);
      }
      process.off('exit', killGroup);
    },
  };
}

function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

// Members of the group still running (a zombie left for an init that does not reap counts as gone).
function groupRunning(group: number): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z' && state !== 'X') {
        return true;
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}

async function groupGone(group: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupRunning(group)) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
