import { types, type Message, type WechatyPlugin } from 'wechaty';
import { archiveChatMessage, chatArchivingEnabled } from '../../models/bots/chat-archive.js';
import type { BotDeps } from '../bot-deps.js';
import { chatContactOf, isClientContact } from '../identity/chat-contact-of.js';
import { groupRep, privateChatRep } from '../identity/conversation-rep.js';

// Archives client chats, only when the company enabled archiving. Without it this plugin stores
// nothing, and no other part of the bot keeps message text.

export function chatArchivePlugin(deps: BotDeps): WechatyPlugin {
  return (bot) => {
    const onMessage = (msg: Message) => deps.work.run('chat-archive', () => archive(msg, deps));
    bot.on('message', onMessage);
    return () => {
      bot.off('message', onMessage);
    };
  };
}

async function archive(msg: Message, deps: BotDeps): Promise<void> {
  if (!(await chatArchivingEnabled(deps.config, deps.clock.now()))) {
    return;
  }
  const room = msg.room();
  const client = msg.self() ? (room ? undefined : msg.listener()) : msg.talker();
  if (!client || !isClientContact(client)) {
    return;
  }
  const contact = await chatContactOf(client, deps.config.bot.name);
  const rep = room ? await groupRep(room, null, deps) : privateChatRep(deps);
  await archiveChatMessage({
    botName: deps.config.bot.name,
    messageId: msg.id,
    contactKey: contact.key,
    repId: rep?._id ?? null,
    roomId: room?.id ?? null,
    direction: msg.self() ? 'out' : 'in',
    text: msg.type() === types.Message.Text ? msg.text() : `[${types.Message[msg.type()]}]`,
    at: msg.date(),
  });
}
