import type { TransferDeps } from '../transfer-runner.js';
import { resyncContacts, type ContactReport } from './contact-resync.js';
import { resyncOrganisation, type OrgReport } from './org-resync.js';

// The full re-sync (`npm run cli -- resync`, and weekly): WeCom's view of the organisation and of
// every follow user's customers, compared with ours; whatever a lost callback missed is repaired,
// and the report says what was fixed. With dryRun it only reports.

export interface ResyncReport {
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  organisation: OrgReport;
  contacts: ContactReport;
  errors: { item: string; message: string }[];
}

export async function resyncWecom(deps: TransferDeps, options: { dryRun?: boolean } = {}): Promise<ResyncReport> {
  const dryRun = options.dryRun ?? false;
  // Wall-clock: it guards against callbacks landing while this run pages through WeCom.
  const startedAt = new Date();
  const errors: ResyncReport['errors'] = [];
  const organisation = await resyncOrganisation(deps, { dryRun, errors });
  const contacts = await resyncContacts(deps, { dryRun, startedAt, errors });
  const report = {
    dryRun,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    organisation,
    contacts,
    errors,
  };
  deps.log.info('wecom re-sync finished', { ...report, errors: errors.length });
  return report;
}
