import type { Customer } from '../../models/customers/customer.model.js';
import { ownCustomerNamePrefix } from '../../models/bots/find-rep-customers.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { domainContext } from '../bot-deps.js';
import { withCustomer, type CommandContext, type CommandHandler, type CommandReply } from './command.js';
import { splitTarget, stripSeparators } from './parse-command.js';
import { dropLabel } from './reply-format.js';

// 跟进 <客户> <内容>: records a follow-up and answers at once with its quality verdict, so a rep
// learns while typing that "继续跟进" does not keep a customer.

const USAGE = '请按「跟进 客户 内容」发送，例如：跟进 字节跳动 今天和王总确认了预算，下周二上门演示';

export const followUpFromChat: CommandHandler = async (args, ctx) => {
  if (!args) {
    return { text: USAGE };
  }
  const split = splitTarget(args);
  if (split) {
    const record = (customer: Customer) => recordNote(customer, split.rest, ctx);
    return withCustomer(split.target, 'own', ctx, () => byPrefix(args, ctx), record);
  }
  return byPrefix(args, ctx);
};

/** "跟进字节跳动今天…" typed without a separator: the rep's customer whose name the text starts with. */
async function byPrefix(args: string, ctx: CommandContext): Promise<CommandReply> {
  const found = await ownCustomerNamePrefix(args, ctx.rep._id);
  if (!found) {
    const target = splitTarget(args)?.target ?? args;
    return { text: `你的私海和占坑客户中没有「${target}」。请检查客户名，或先发送「认领 ${target}」。` };
  }
  return recordNote(found.customer, stripSeparators(found.rest), ctx);
}

async function recordNote(customer: Customer, content: string, { rep, deps }: CommandContext): Promise<CommandReply> {
  if (!content) {
    return { text: `请写上跟进内容。${USAGE}` };
  }
  const {
    verdict,
    counted,
    customer: after,
  } = await recordFollowUp({ customerId: customer._id, content, channel: 'wecom' }, domainContext(deps, rep));
  const drop = dropLabel(after.protectedUntil, deps.clock.now(), deps.config.timezone);
  if (verdict.valid) {
    return {
      text:
        `已记录「${after.name}」的跟进：有效（${verdict.score} 分）。` +
        (counted ? `掉保时钟已重置，${drop}。` : '该客户不在你的私海中，这条跟进不影响掉保时钟。'),
    };
  }
  const reasons = verdict.reasons.map((r) => `· ${r.message}`).join('\n');
  return {
    text: `已记录「${after.name}」的跟进，但不算有效跟进（${verdict.score} 分），掉保时钟没有重置（${drop}）：\n${reasons}\n补充后重新发送即可。`,
  };
}
