import { WecomTransferModel } from '../../models/handovers/wecom-transfer.model.js';
import { pollTransferResults, startPendingTransfers } from '../wecom/transfer-runner.js';
import type { Job } from './job.js';

/** Starts recorded customer transfers and follows them until WeCom settles them (every 10 minutes). */
export const wecomTransfersJob: Job = {
  name: 'wecom-transfers',
  schedule: '*/10 * * * *',
  description: 'Starts pending WeCom customer transfers (在职/离职继承) and applies their results',
  async run({ deps, dryRun, log }) {
    if (dryRun) {
      return {
        pending: await WecomTransferModel.countDocuments({ status: 'pending' }),
        waiting: await WecomTransferModel.countDocuments({ status: 'waiting' }),
      };
    }
    const transferDeps = { ...deps, log };
    const started = await startPendingTransfers(transferDeps);
    const results = await pollTransferResults(transferDeps);
    return { ...started, ...results };
  },
};
