import { rebuildConflictIndex } from '../../models/conflicts/rebuild-index.js';
import type { CliCommand } from './commands.js';

export const reindexConflictsCommand: CliCommand = {
  name: 'reindex-conflicts',
  usage: 'reindex-conflicts',
  summary: 'rebuild the conflict-check index from all customers (after upgrades or to repair it)',
  async run() {
    const report = await rebuildConflictIndex((done) => process.stderr.write(`indexed ${done} customers\n`));
    console.log(JSON.stringify(report));
    return 0;
  },
};
