import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import { backupCommand, restoreCommand } from './backup.command.js';
import type { Clock } from '../../models/shared/clock.js';
import { checkCommand } from './check.command.js';
import { demoCommand } from './demo.command.js';
import { duplicatesCommand } from './duplicates.command.js';
import { importCommand } from './import.command.js';
import { jobCommand } from './job.command.js';
import { reconcileCommand } from './reconcile.command.js';
import { reindexConflictsCommand } from './reindex-conflicts.command.js';
import { resyncCommand } from './resync.command.js';
import { wecomEventsCommand } from './wecom-events.command.js';

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

/** Every CLI command; a new command file is added here. */
export const cliCommands: CliCommand[] = [
  reconcileCommand,
  jobCommand,
  resyncCommand,
  wecomEventsCommand,
  demoCommand,
  checkCommand,
  importCommand,
  duplicatesCommand,
  reindexConflictsCommand,
  backupCommand,
  restoreCommand,
];
