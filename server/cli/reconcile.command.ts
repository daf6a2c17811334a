import { reconcilePoolCounters } from '../../models/pool/reconcile-counters.js';
import type { CliCommand } from './commands.js';

export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  usage: 'reconcile [--dry-run]',
  summary: "recompute every rep's pool counters from customers and repair drift",
  async run(args) {
    const report = await reconcilePoolCounters({ dryRun: args.includes('--dry-run') });
    console.log(JSON.stringify(report, null, 2));
    return 0;
  },
};
