import type { Employee } from '../../models/org/employee.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import type { BotDeps } from '../bot-deps.js';
import { checkConflicts } from './check.handler.js';
import { claimFromChat } from './claim.handler.js';
import { createFromChat } from './create.handler.js';
import type { CommandHandler, CommandReply } from './command.js';
import { followUpFromChat } from './follow-up.handler.js';
import { helpText, shortHelp } from './help.handler.js';
import { myCustomers } from './my-customers.handler.js';
import { parseCommand, type CommandName } from './parse-command.js';
import { releaseFromChat } from './release.handler.js';
import { suggestionReply } from './suggest-command.js';
import type { PendingChoices } from './pending-choices.js';

const handlers: Record<CommandName, CommandHandler> = {
  check: checkConflicts,
  create: createFromChat,
  'follow-up': followUpFromChat,
  claim: claimFromChat,
  release: releaseFromChat,
  mine: myCustomers,
  help: (_args, { deps }) => Promise.resolve({ text: helpText(deps) }),
};

/** Runs what a rep typed and returns the answer; every input gets one. */
export async function runCommand(text: string, rep: Employee, deps: BotDeps, pending: PendingChoices): Promise<string> {
  const repId = String(rep._id);
  const command = parseCommand(text);
  try {
    let reply: CommandReply;
    if (command.name === 'choice') {
      const choice = pending.take(repId);
      const picked = choice?.customers[command.index - 1];
      if (!choice) {
        return shortHelp(text.trim());
      }
      if (!picked) {
        pending.set(repId, choice);
        return `请回复 1 到 ${choice.customers.length} 之间的序号。`;
      }
      reply = await choice.then(picked);
    } else if (command.name === 'unknown') {
      return suggestionReply(command.text) ?? shortHelp(command.text);
    } else {
      pending.clear(repId);
      reply = await handlers[command.name](command.args, { rep, deps });
    }
    if (reply.choose) {
      pending.set(repId, reply.choose);
    }
    return reply.text;
  } catch (error) {
    if (isAppError(error) && error.expose) {
      return `没有成功：${error.message}`;
    }
    deps.log.error('rep command failed', { command: command.name, employeeId: repId, error });
    return '系统出错了，请稍后再试，或在小程序中操作。';
  }
}
