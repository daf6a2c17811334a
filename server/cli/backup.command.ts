import { resolve } from 'node:path';
import { backupDatabase, restoreDatabase } from '../../models/shared/db/backup.js';
import type { CliCommand } from './commands.js';

// Backups of the database `npm start` uses (the embedded one under DATA_DIR, or MONGODB_URI). A backup
// reads through the database server, so it runs while the server does; restore fills an empty
// database (a fresh DATA_DIR), then repairs counters as the nightly reconciler would.

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup <file>',
  summary: 'write every collection to a gzip file (Extended JSON lines with a manifest), safe while the server runs',
  async run(args) {
    const file = args[0];
    if (!file) {
      console.error('usage: npm run cli -- backup <file>');
      return 2;
    }
    const manifest = await backupDatabase(resolve(file), new Date());
    console.log(JSON.stringify({ file: resolve(file), ...manifest }, null, 2));
    return 0;
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore <file>',
  summary: 'restore a backup into an empty database (a fresh DATA_DIR)',
  async run(args) {
    const file = args[0];
    if (!file) {
      console.error('usage: npm run cli -- restore <file>');
      return 2;
    }
    const report = await restoreDatabase(resolve(file));
    console.log(JSON.stringify(report, null, 2));
    return 0;
  },
};
