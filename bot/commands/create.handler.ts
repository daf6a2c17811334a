import { looksLikePhone } from '../../models/bots/conflict-check.js';
import type { Customer } from '../../models/customers/customer.model.js';
import { enterCustomer } from '../../models/customers/use-cases/enter-customer.js';
import { instantDayLabel } from '../../models/messages/format.js';
import { isAppError, type AppError } from '../../models/shared/app-error.js';
import { domainContext } from '../bot-deps.js';
import type { CommandContext, CommandHandler } from './command.js';
import { dropLabel, quote } from './reply-format.js';

// 录入 <公司全称> [占坑]: enters a customer the rep found into their private pool (or stakes it). The
// conflict check runs first: a company already in the CRM is refused with who holds it and what to do.

const STAKE_WORD = /[\s,，]+占坑$/;

export const createFromChat: CommandHandler = async (args, ctx) => {
  const stake = STAKE_WORD.test(args);
  const name = args.replace(STAKE_WORD, '').trim();
  if (!name) {
    return { text: '请在「录入」后写公司全称，例如：录入 杭州青禾电子商务有限公司（末尾加「占坑」则占坑）' };
  }
  if (looksLikePhone(name)) {
    return {
      text: `「${quote(name)}」像是电话号码。录入请写公司全称；只想看是否已有客户，请发「查重 ${quote(name)}」。`,
    };
  }
  try {
    const created = await enterCustomer(
      { customer: { name, sourceDetail: '企微小助手' }, stake },
      domainContext(ctx.deps, ctx.rep),
    );
    return { text: createdText(created, ctx) };
  } catch (error) {
    if (isAppError(error, 'DUPLICATE_CUSTOMER')) {
      return { text: duplicateText(error) };
    }
    if (isAppError(error) && error.expose) {
      return { text: `录入失败：${error.message}` };
    }
    throw error;
  }
};

function createdText(c: Customer, { deps }: CommandContext): string {
  const next = '可在小程序补充联系人（标记 KP）和客户资料。';
  if (c.poolState === 'staked') {
    // The deadline is the start of the day the stake expires: the last day to green it is the day before.
    const lastDay = instantDayLabel(new Date(c.stakeDeadline!.getTime() - 1), deps.config.timezone);
    return `已录入并占坑「${c.name}」，最晚 ${lastDay} 完善资料完成绿化，否则退回公海。${next}`;
  }
  const drop = dropLabel(c.protectedUntil, deps.clock.now(), deps.config.timezone);
  return `已录入「${c.name}」到你的私海，${drop}，期间需有有效跟进。${next}`;
}

/** The existing customer, and the way forward the conflict check offers: claim it, or complain. */
function duplicateText(error: AppError): string {
  const actions = (error.details?.actions as string[] | undefined) ?? [];
  const name = typeof error.details?.name === 'string' ? error.details.name : '';
  if (actions.includes('claim')) {
    return `没有录入：${error.message}。发送「认领 ${quote(name, 40)}」即可认领。`;
  }
  if (actions.includes('complaint')) {
    return `没有录入：${error.message}。如认为应由你跟进，可在小程序对该客户发起撞单申诉。`;
  }
  return `没有录入：${error.message}。`;
}
