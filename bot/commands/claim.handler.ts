import { conflictCheck } from '../../models/bots/conflict-check.js';
import type { Customer } from '../../models/customers/customer.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { sameId } from '../../models/org/permissions.js';
import { domainContext } from '../bot-deps.js';
import { customerCommand, type CommandContext, type CommandHandler, type CommandReply } from './command.js';
import { dropLabel, quote } from './reply-format.js';

// 认领 <客户>: claims a public customer (or one the rep staked) into the private pool.

export const claimFromChat: CommandHandler = customerCommand('认领', 'claimable', explainNotClaimable, claim);

async function claim(customer: Customer, { rep, deps }: CommandContext): Promise<CommandReply> {
  try {
    const after = await claimCustomer({ customerId: customer._id }, domainContext(deps, rep));
    return {
      text: `已认领「${after.name}」到你的私海，${dropLabel(after.protectedUntil, deps.clock.now(), deps.config.timezone)}，期间需有有效跟进。`,
    };
  } catch (error) {
    if (isAppError(error, 'ALREADY_OWNED') && error.details?.mine !== true) {
      return { text: `认领失败：${error.message}。如认为应由你跟进，可在小程序发起撞单申诉。` };
    }
    if (isAppError(error) && error.expose) {
      return { text: `认领失败：${error.message}` };
    }
    throw error;
  }
}

/** Nothing claimable matched: say whether it exists and who holds it, rather than just "not found". */
async function explainNotClaimable(args: string, { rep, deps }: CommandContext): Promise<CommandReply> {
  const held = (await conflictCheck(args, domainContext(deps, rep))).filter((m) => m.state !== 'public');
  const first = held[0];
  if (!first) {
    return { text: `公海中没有「${quote(args)}」。可以先发送「查重 ${quote(args)}」确认客户名。` };
  }
  if (sameId(first.ownerId, rep._id)) {
    return { text: `「${first.name}」已经是你的客户了。` };
  }
  const holder =
    first.state === 'quarantined'
      ? '已隔离（数据待清洗）'
      : `由 ${first.ownerName || '同事'} 持有（${first.state === 'staked' ? '占坑' : first.state === 'signed' ? '已签约' : '私海'}）`;
  return { text: `「${first.name}」不在公海，${holder}，不能认领。如有异议可在小程序发起撞单申诉。` };
}
