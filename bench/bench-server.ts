import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { request, type Agent } from 'node:http';
import type { EmulatorCorp } from '../server/wecom/emulator/emulator-corp.js';

// The server under test for HTTP benchmarks: the real `server/main.ts` in its own process (as
// `npm start` runs it), so its latency and memory are its own, not the load generator's.

/** The corp of the benchmarks' WeCom emulator (loopback only; not a real corp). */
export const benchCorp: EmulatorCorp = {
  corpId: 'wwbenchcorp0001',
  secret: 'bench-corp-secret',
  agentId: 1000009,
  token: 'BenchCallbackToken',
  aesKey: 'YmVuY2hrZXliZW5jaGtleWJlbmNoa2V5YmVuY2hrZXk',
};

export const benchSessionSecret = 'bench-session-secret-0123456789abcdef';

/** The settings that point a server at the benchmarks' emulator. */
export function benchWecomEnv(apiBase: string): Record<string, string> {
  return {
    WECOM_CORP_ID: benchCorp.corpId,
    WECOM_SECRET: benchCorp.secret,
    WECOM_AGENT_ID: String(benchCorp.agentId),
    WECOM_TOKEN: benchCorp.token,
    WECOM_AES_KEY: benchCorp.aesKey,
    WECOM_API_BASE: apiBase,
    SESSION_SECRET: benchSessionSecret,
  };
}

export interface BenchServer {
  url: string;
  pid: number;
  /** Peak resident memory of the server process so far (Linux VmHWM), in MB. */
  peakRssMb(): number;
  /** Resolves once every background service said it started (their start-up would otherwise share the cores). */
  backgroundStarted(): Promise<void>;
  /** The database commands the server process sent so far, by command and collection (`countCommands` only). */
  commandTally(): Promise<Record<string, number>>;
  /** The same for other processes of the server (its worker processes), added up. */
  commandTallyOfAll(pids: readonly number[]): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** The entry file (default the real server). */
  script?: string;
  /** Started once it logged this message after 'server listening' (e.g. its worker process being up). */
  readyWhen?: string;
  timeoutMs?: number;
  /** The server counts the database commands it issues (commandTally()). */
  countCommands?: boolean;
}

export async function startBenchServer(
  env: Record<string, string>,
  { script = 'server/main.ts', readyWhen, timeoutMs = 120_000, countCommands = false }: BenchServerOptions = {},
): Promise<BenchServer> {
  const tallyFile = join(tmpdir(), `scrm-bench-commands-${process.pid}-${Date.now()}.json`);
  const tally = countCommands ? ['--import', fileURLToPath(new URL('./server-command-tally.ts', import.meta.url))] : [];
  // `npm run bench -- <name> --profile <dir>` writes the server's V8 CPU profile there (open it in Chrome DevTools).
  const profileAt = process.argv.indexOf('--profile');
  const profile = profileAt >= 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profileAt + 1] ?? '.'}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...tally, script], {
    // Only what the server needs: the benchmark's settings, never the caller's environment.
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...(countCommands ? { BENCH_COMMAND_TALLY_FILE: tallyFile } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail: string[] = [];
  let backgroundReady = false;
  const onBackgroundStarted: (() => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    let listening: string | undefined;
    const timer = setTimeout(() => {
      // Not left running behind a failed benchmark (its own processes end with it).
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${tail.join('\n')}`));
    }, timeoutMs);
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}:\n${tail.join('\n')}`)));
    createInterface({ input: child.stderr }).on('line', (line) => {
      tail.push(line);
      tail.splice(0, tail.length - 5);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'background work started') {
          backgroundReady = true;
          onBackgroundStarted.forEach((heard) => heard());
        }
        if (entry.msg === 'server listening' && entry.url) {
          listening = entry.url;
        }
        if (listening && (readyWhen === undefined || entry.msg === readyWhen)) {
          clearTimeout(timer);
          resolve(listening);
        }
      } catch {
        // not a log line
      }
    });
  });
  const pid = child.pid!;
  const tallyOf = async (processId: number) => {
    const file = `${tallyFile}.${processId}`;
    rmSync(file, { force: true });
    process.kill(processId, 'SIGUSR2');
    for (let waited = 0; waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        const counts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
        rmSync(file, { force: true });
        return counts;
      } catch {
        // not written (completely) yet
      }
    }
    throw new Error('the server wrote no command tally (started without countCommands?)');
  };
  return {
    url,
    pid,
    peakRssMb() {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : Number.NaN;
    },
    backgroundStarted() {
      return new Promise<void>((resolve) => {
        const heard = () => backgroundReady && resolve();
        onBackgroundStarted.push(heard);
        heard();
      });
    },
    commandTally() {
      return tallyOf(pid);
    },
    async commandTallyOfAll(processIds) {
      const merged: Record<string, number> = {};
      for (const counts of await Promise.all(processIds.map(tallyOf))) {
        for (const [command, n] of Object.entries(counts)) {
          merged[command] = (merged[command] ?? 0) + n;
        }
      }
      return merged;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: string;
  ms: number;
}

/** One HTTP request on a keep-alive agent, timed from send to the last byte of the answer. */
export function httpRequest(
  agent: Agent,
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string },
): Promise<HttpAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, agent, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Runs the tasks with at most `limit` in flight; answers their results in input order. */
export async function inFlight<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!);
      }
    }),
  );
  return results;
}
