import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import type { Clock } from '../../models/shared/clock.js';

export interface CliContext {
  config: Config;
  log: Logger;
  /** The system time, or in local mode the local system's shared clock. */
  clock: Clock;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/**
 * A command by name, its module loaded only when it runs: each command pulls in its own part of the
 * product (the conflict engine, the WeCom client, backups…), and a run pays only for the one it needs.
 */
export interface CliCommandEntry {
  name: string;
  load(): Promise<CliCommand>;
}

/** Every CLI command; a new command file is added here. */
export const cliCommands: CliCommandEntry[] = [
  { name: 'reconcile', load: async () => (await import('./reconcile.command.js')).reconcileCommand },
  { name: 'job', load: async () => (await import('./job.command.js')).jobCommand },
  { name: 'resync', load: async () => (await import('./resync.command.js')).resyncCommand },
  { name: 'wecom-events', load: async () => (await import('./wecom-events.command.js')).wecomEventsCommand },
  { name: 'demo', load: async () => (await import('./demo.command.js')).demoCommand },
  { name: 'check', load: async () => (await import('./check.command.js')).checkCommand },
  { name: 'import', load: async () => (await import('./import.command.js')).importCommand },
  { name: 'duplicates', load: async () => (await import('./duplicates.command.js')).duplicatesCommand },
  {
    name: 'reindex-conflicts',
    load: async () => (await import('./reindex-conflicts.command.js')).reindexConflictsCommand,
  },
  { name: 'backup', load: async () => (await import('./backup.command.js')).backupCommand },
  { name: 'restore', load: async () => (await import('./backup.command.js')).restoreCommand },
];
