import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

// The real server as a child process (`node --import tsx server/main.ts`), for crash and start-up
// tests: it can be killed with SIGKILL like a machine losing power.

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
  });
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
    },
  };
}
