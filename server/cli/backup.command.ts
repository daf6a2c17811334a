import { resolve } from 'node:path';
import { backupDatabase, restoreDatabase } from '../../models/shared/db/backup.js';
import type { CliCommand } from './commands.js';

// Backups of the database `npm start` uses (the embedded one under DATA_DIR, or MONGODB_URI). A backup
// reads through the database server, so it runs while the server does; restore fills an empty
// database (a fresh DATA_DIR), then repairs counters as the nightly reconciler would.

/** A command on one file: prints what the action answers as JSON; usage 2 without the file. */
function fileCommand(name: string, summary: string, action: (file: string) => Promise<unknown>): CliCommand {
  return {
    name,
    usage: `${name} <file>`,
    summary,
    async run(args) {
      const file = args[0];
      if (!file) {
        console.error(`usage: npm run cli -- ${name} <file>`);
        return 2;
      }
      console.log(JSON.stringify(await action(resolve(file)), null, 2));
      return 0;
    },
  };
}

export const backupCommand = fileCommand(
  'backup',
  'write every collection to a gzip file (Extended JSON lines with a manifest), safe while the server runs',
  async (file) => ({ file, ...(await backupDatabase(file, new Date())) }),
);

export const restoreCommand = fileCommand(
  'restore',
  'restore a backup into an empty database (a fresh DATA_DIR)',
  (file) => restoreDatabase(file),
);
