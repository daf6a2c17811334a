import type { Customer } from '../../models/customers/customer.model.js';
import { ownCustomersByNamePrefix } from '../../models/bots/customer-name-prefix.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { domainContext } from '../bot-deps.js';
import { withCustomer, type CommandContext, type CommandHandler, type CommandReply } from './command.js';
import { splitTarget, stripSeparators } from './parse-command.js';
import { choiceList, dropLabel } from './reply-format.js';
import { trailingFollowUpDate } from './next-follow-up-date.js';
import { dateTimeLabel } from '../../models/messages/format.js';

// 跟进 <客户> <内容> [下次跟进时间]: records a follow-up (a date ending the note, e.g. 下周三, plans the next one) and answers at once with its quality verdict, so a rep
// learns while typing that "继续跟进" does not keep a customer. The customer is read as the longest of
// the rep's own customers' names the text starts with, so the note may be glued to the name
// (跟进拾光今天拜访了李经理…), and a missing note is asked for instead of reported as a wrong customer.

const USAGE =
  '请按「跟进 客户 内容 [下次跟进时间]」发送，例如：跟进 字节跳动 今天和王总确认了预算，约好上门演示 下周二';

export const followUpFromChat: CommandHandler = async (args, ctx) => {
  if (!args) {
    return { text: USAGE };
  }
  const byName = await ownCustomersByNamePrefix(args, ctx.rep._id);
  if (byName) {
    const note = stripSeparators(byName.rest);
    const [only, ...others] = byName.customers;
    if (only && others.length === 0) {
      return recordNote(only, note, ctx);
    }
    return {
      text: `你有 ${byName.customers.length} 个客户都叫这个名字，请回复序号选择：\n${choiceList(byName.customers)}`,
      choose: { customers: byName.customers, then: (customer) => recordNote(customer, note, ctx) },
    };
  }
  // Not the start of any own customer's name: a few characters from inside one ("跟进 信息技术 …").
  const split = splitTarget(args);
  const target = split?.target ?? args;
  return withCustomer(
    target,
    'own',
    ctx,
    () => notYours(target),
    (customer) => recordNote(customer, split?.rest ?? '', ctx),
  );
};

function notYours(target: string): CommandReply {
  const shown = target.length > 12 ? `${target.slice(0, 12)}…` : target;
  return { text: `你的私海和占坑客户中没有「${shown}」。请检查客户名，或先发送「认领 ${shown}」。` };
}

async function recordNote(customer: Customer, content: string, { rep, deps }: CommandContext): Promise<CommandReply> {
  if (!content) {
    return {
      text: `请写上「${customer.name}」的跟进内容，例如：跟进 ${customer.name} 今天和王总确认了预算，下周二上门演示`,
    };
  }
  const now = deps.clock.now();
  const planned = trailingFollowUpDate(content, now, deps.config.timezone);
  const {
    verdict,
    counted,
    revised,
    customer: after,
  } = await recordFollowUp(
    { customerId: customer._id, content, channel: 'wecom', nextFollowUpAt: planned?.at ?? null },
    domainContext(deps, rep),
  );
  const drop = dropLabel(after.protectedUntil, now, deps.config.timezone);
  const plan = planned
    ? `下次跟进：${dateTimeLabel(planned.at, now, deps.config.timezone)}（${planned.text}），到期当天早上会提醒你。`
    : '';
  if (verdict.valid) {
    return {
      text:
        `已记录「${after.name}」的跟进：有效（${verdict.score} 分）。${verdict.explanation}。` +
        (counted ? `掉保时钟已重置，${drop}。` : '该客户不在你的私海中，这条跟进不影响掉保时钟。') +
        plan,
    };
  }
  const reasons = verdict.reasons.map((r) => `· ${r.message}`).join('\n');
  const stored = revised
    ? `已更新你对「${after.name}」的上一条无效跟进（不另记一条）`
    : `已记录「${after.name}」的跟进`;
  return {
    text: `${stored}，但不算有效跟进（${verdict.score} 分），掉保时钟没有重置（${drop}）：\n${reasons}\n${verdict.explanation}\n补充后重新发送即可。${plan}`,
  };
}
