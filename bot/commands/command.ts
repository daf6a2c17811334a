import type { Customer } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { resolveCustomer, type CustomerScope } from '../../models/bots/find-rep-customers.js';
import type { BotDeps } from '../bot-deps.js';
import { choiceList, quote } from './reply-format.js';

/** A rep's command: the text after the command word, and who typed it. */
export interface CommandContext {
  rep: Employee;
  deps: BotDeps;
}

export interface CommandReply {
  text: string;
  /** The rep must pick one of these; replying with its number runs `then` on it. */
  choose?: { customers: Customer[]; then: (customer: Customer) => Promise<CommandReply> };
}

export type CommandHandler = (args: string, ctx: CommandContext) => Promise<CommandReply>;

/**
 * Resolves "<客户>" within the scope and runs the action on the one customer meant; asks the rep to
 * choose from a short numbered list when several match.
 */
export async function withCustomer(
  target: string,
  scope: CustomerScope,
  ctx: CommandContext,
  notFound: () => Promise<CommandReply> | CommandReply,
  action: (customer: Customer) => Promise<CommandReply>,
): Promise<CommandReply> {
  const resolution = await resolveCustomer(target, scope, ctx.rep._id);
  switch (resolution.kind) {
    case 'one':
      return action(resolution.customer);
    case 'none':
      return notFound();
    case 'many':
      return {
        text:
          `有 ${resolution.total} 个客户的名称包含「${quote(target)}」` +
          (resolution.total > resolution.candidates.length
            ? `，先列出前 ${resolution.candidates.length} 个，请回复序号选择（没有要找的就把名称写完整些）：\n`
            : '，请回复序号选择：\n') +
          choiceList(resolution.candidates),
        choose: { customers: resolution.candidates, then: action },
      };
  }
}

/**
 * A command on one customer named after its command word (认领 <客户>, 释放 <客户>): asks for the name when
 * none is given, then resolves it within the scope as withCustomer does.
 */
export function customerCommand(
  word: string,
  scope: CustomerScope,
  notFound: (args: string, ctx: CommandContext) => Promise<CommandReply> | CommandReply,
  action: (customer: Customer, ctx: CommandContext) => Promise<CommandReply>,
): CommandHandler {
  return async (args, ctx) => {
    if (!args) {
      return { text: `请在「${word}」后写客户名，例如：${word} 字节跳动` };
    }
    return withCustomer(
      args,
      scope,
      ctx,
      () => notFound(args, ctx),
      (customer) => action(customer, ctx),
    );
  };
}
