import type { Customer } from '../../models/customers/customer.model.js';
import { poolRulesResolver } from '../../models/pool/pool-rules.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { isAppError } from '../../models/shared/app-error.js';
import { domainContext } from '../bot-deps.js';
import { customerCommand, type CommandContext, type CommandHandler, type CommandReply } from './command.js';
import { quote } from './reply-format.js';

// 释放 <客户>: puts one of the rep's private customers back in the public pool, to make room (the
// capacity refusal tells reps to release one). A release starts the rep's cooldown on that customer,
// so the bot asks once before doing it.

export const releaseFromChat: CommandHandler = customerCommand(
  '释放',
  'private',
  (args) => ({ text: `你的私海中没有「${quote(args)}」。发送「我的客户」查看你的私海客户。` }),
  confirmRelease,
);

async function confirmRelease(customer: Customer, ctx: CommandContext): Promise<CommandReply> {
  const rules = await poolRulesResolver(ctx.deps.config)(ctx.rep.mainDepartmentId ?? null);
  return {
    text: `确认把「${customer.name}」释放回公海吗？释放后 ${rules.reclaimCooldownDays} 天内你不能再认领它，资料和跟进记录会留给下一位同事。回复 1 确认，回复其他内容取消。`,
    choose: { customers: [customer], then: (c) => release(c, ctx) },
  };
}

async function release(customer: Customer, { rep, deps }: CommandContext): Promise<CommandReply> {
  try {
    const after = await releaseCustomer(
      { customerId: customer._id, reason: '通过企微机器人释放' },
      domainContext(deps, rep),
    );
    return { text: `已释放「${after.name}」回公海，腾出了 1 个库容。` };
  } catch (error) {
    if (isAppError(error) && error.expose) {
      return { text: `释放失败：${error.message}` };
    }
    throw error;
  }
}
