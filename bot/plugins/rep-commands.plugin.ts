import { types, type Message, type WechatyPlugin } from 'wechaty';
import type { BotDeps } from '../bot-deps.js';
import { helpText, shortHelp } from '../commands/help.handler.js';
import { addressedText, normalizeInput } from '../commands/parse-command.js';
import { pendingChoices, type PendingChoices } from '../commands/pending-choices.js';
import { runCommand } from '../commands/run-command.js';
import { employeeOfContact } from '../identity/employee-of-contact.js';

// Reps work the CRM from chat: a private message to the assistant account, or a group message that
// starts with the keyword or mentions the bot. Answers to group commands go privately to the rep,
// because customer groups contain clients.

/** Marks a photo, voice or file sent privately to the assistant: it gets the menu. */
const MEDIA = Symbol('media');
const mediaTypes = new Set([
  types.Message.Image,
  types.Message.Audio,
  types.Message.Video,
  types.Message.Emoticon,
  types.Message.Attachment,
]);

export function repCommandsPlugin(deps: BotDeps): WechatyPlugin {
  return (bot) => {
    const pending = pendingChoices(deps.clock);
    const onMessage = (msg: Message) => deps.work.run('rep-commands', () => answerRep(msg, deps, pending));
    bot.on('message', onMessage);
    return () => {
      bot.off('message', onMessage);
    };
  };
}

async function answerRep(msg: Message, deps: BotDeps, pending: PendingChoices): Promise<void> {
  if (msg.self()) {
    return;
  }
  const talker = msg.talker();
  if (!talker.coworker()) {
    return;
  }
  const text = await commandText(msg, deps);
  if (text === null) {
    return;
  }
  const rep = await employeeOfContact(talker, deps);
  const reply = !rep
    ? '没有找到你的员工账号，暂时不能使用 CRM 命令。请联系管理员同步通讯录。'
    : text === MEDIA
      ? shortHelp('')
      : text === ''
        ? helpText(deps)
        : await runCommand(text, rep, deps, pending);
  if (msg.room()) {
    await talker.say(reply);
  } else {
    await msg.say(reply);
  }
}

/** The command a colleague's message carries, '' for "addressed to the bot but empty", null if not for the bot. */
async function commandText(msg: Message, deps: BotDeps): Promise<string | typeof MEDIA | null> {
  const { groupKeyword, account } = deps.config.bot;
  const privateAssistant = !msg.room() && account === 'assistant';
  if (msg.type() !== types.Message.Text) {
    // The assistant answers everything said to it privately.
    return privateAssistant && mediaTypes.has(msg.type()) ? MEDIA : null;
  }
  if (privateAssistant) {
    return normalizeInput(msg.text());
  }
  // In groups, and in a rep's own account's private chats, only messages addressed to the bot.
  const room = msg.room();
  const mentioned = room ? await msg.mentionSelf() : false;
  return addressedText(msg.text(), groupKeyword, mentioned, mentioned ? await msg.mentionText() : '');
}
