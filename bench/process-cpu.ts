import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// CPU time of a process (user + system, from /proc/<pid>/stat, in ms): the server child's cost per request,
// and the embedded database's, measured around a burst of requests.

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** What a JVM thread does, by its name (Linux shortens names to 15 characters). */
export type JvmThreadGroup = 'jit' | 'commands' | 'storage' | 'gc' | 'other';

function jvmGroup(name: string): JvmThreadGroup {
  if (/^C[12] CompilerThre/.test(name)) {
    return 'jit';
  }
  if (name.startsWith('mongo-server')) {
    return 'commands'; // netty workers: reading, executing and answering commands
  }
  if (name.startsWith('H2-') || name.startsWith('MVStore')) {
    return 'storage'; // H2's page serialisation and file writes of each commit
  }
  return name === 'VM Thread' || /^G1|^GC Thread/.test(name) ? 'gc' : 'other';
}

/** CPU of a JVM's threads by what they do, in ms (from /proc/<pid>/task). */
export function jvmCpuByGroup(pid: number): Record<JvmThreadGroup, number> {
  const ms: Record<JvmThreadGroup, number> = { jit: 0, commands: 0, storage: 0, gc: 0, other: 0 };
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms[jvmGroup(name)] += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // the thread ended meanwhile
    }
  }
  return ms;
}

/**
 * CPU of a JVM's JIT compiler threads (named `C1 CompilerThread<n>`/`C2 CompilerThread<n>`, shortened by
 * Linux to 15 characters), in ms: how much of a fresh database's CPU is compiling rather than serving.
 */
export function jitCpuMs(pid: number): number {
  return jvmCpuByGroup(pid).jit;
}

/** The embedded database's process under a bench DATA_DIR (its server.json), if it is the embedded one. */
export function embeddedDatabasePid(serverEnv: Record<string, string>): number | null {
  if (!serverEnv.DATA_DIR) {
    return null;
  }
  try {
    const state = JSON.parse(readFileSync(join(serverEnv.DATA_DIR, 'db', 'server.json'), 'utf8')) as { pid: number };
    return state.pid;
  } catch {
    return null;
  }
}

/** CPU spent by each process while `work` runs. */
export async function cpuDuring<T>(
  pids: (number | readonly number[] | null)[],
  work: () => Promise<T>,
): Promise<{ result: T; ms: number[] }> {
  // A list of pids (the worker processes) counts as one: their CPU added up.
  const cpuOf = (pid: number | readonly number[]) =>
    typeof pid === 'number' ? processCpuMs(pid) : pid.reduce((total, p) => total + processCpuMs(p), 0);
  const before = pids.map((pid) => (pid === null ? 0 : cpuOf(pid)));
  const result = await work();
  return { result, ms: pids.map((pid, i) => (pid === null ? Number.NaN : cpuOf(pid) - before[i]!)) };
}

/** The child processes of a process (e.g. the server's worker process), from /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** A server's HTTP processes: itself and, with WEB_CONCURRENCY > 1, its cluster workers (server/http/instance.ts). */
export function httpPids(serverPid: number): number[] {
  return [serverPid, ...childPids(serverPid).filter((pid) => commandLine(pid).includes('http/instance'))];
}

/** A server's background worker processes (server/worker.ts; EVENT_WORKERS of them), none when it runs them inline. */
export function backgroundWorkerPids(serverPid: number): number[] {
  return childPids(serverPid).filter((pid) => commandLine(pid).includes('worker.ts'));
}
