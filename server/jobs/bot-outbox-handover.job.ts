import { handOverBotMessages } from '../../models/messages/bot-outbox.js';
import type { Job } from './job.js';

export const botOutboxHandoverJob: Job = {
  name: 'bot-outbox-handover',
  schedule: '*/5 * * * *',
  description: 'Messages waiting for the bot go through the WeCom app when no delivering bot is online',
  async run(ctx) {
    return { handedOver: await handOverBotMessages(ctx.now, ctx.dryRun) };
  },
};
