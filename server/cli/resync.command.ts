import { cliWecomClient } from '../wecom/local-mode.js';
import { resyncWecom } from '../wecom/resync/resync.js';
import type { CliCommand } from './commands.js';

export const resyncCommand: CliCommand = {
  name: 'resync',
  usage: 'resync [--dry-run]',
  summary: 'full re-sync with WeCom: repair contacts, relations and the org that lost callbacks missed',
  async run(args, { config, log, clock }) {
    const { client, config: wecomConfig } = cliWecomClient(config, log);
    const report = await resyncWecom(
      { wecom: client, config: wecomConfig, clock, log },
      { dryRun: args.includes('--dry-run') },
    );
    console.log(JSON.stringify(report, null, 2));
    return report.errors.length > 0 ? 1 : 0;
  },
};
