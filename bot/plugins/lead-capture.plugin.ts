import type { Contact, Friendship, Message, Room, WechatyPlugin } from 'wechaty';
import { types } from 'wechaty';
import { captureChatLead, type ChatLeadVia } from '../../models/bots/capture-chat-lead.js';
import type { Employee } from '../../models/org/employee.model.js';
import { domainContext, type BotDeps } from '../bot-deps.js';
import { chatContactKeyOf, chatContactOf, isClientContact } from '../identity/chat-contact-of.js';
import { groupRep, privateChatRep } from '../identity/conversation-rep.js';

// Conversations become leads: a client's message (or the rep's message to a client), an accepted
// friendship, or a client joining a customer group. Only identifiers are stored, never the text.

const SEEN_LIMIT = 10_000;

export function leadCapturePlugin(deps: BotDeps): WechatyPlugin {
  return (bot) => {
    // Leads already done in this process: repeated messages then cost no database round trip.
    const seen = new Set<string>();
    const capture = async (contact: Contact, rep: Employee | null, via: ChatLeadVia) => {
      const leadId = `${chatContactKeyOf(contact, deps.config.bot.name)}|${rep ? String(rep._id) : 'none'}`;
      if (seen.has(leadId)) {
        return;
      }
      const input = await chatContactOf(contact, deps.config.bot.name);
      const result = await captureChatLead(
        { contact: input, via, botName: deps.config.bot.name },
        domainContext(deps, rep),
      );
      if (seen.size >= SEEN_LIMIT) {
        seen.clear();
      }
      if (result.captured) {
        seen.add(leadId);
        deps.log.info('conversation lead', {
          outcome: result.outcome,
          customerId: String(result.customer._id),
          contactKey: input.key,
          via,
        });
      } else if (result.lead?.status === 'done') {
        seen.add(leadId);
      }
    };

    const onMessage = (msg: Message) =>
      deps.work.run('lead-capture:message', () => captureFromMessage(msg, deps, capture));
    const onFriendship = (friendship: Friendship) =>
      deps.work.run('lead-capture:friendship', () => captureFromFriendship(friendship, deps, capture));
    const onRoomJoin = (room: Room, invitees: Contact[], inviter: Contact) =>
      deps.work.run('lead-capture:room-join', () => captureFromRoomJoin(room, invitees, inviter, deps, capture));
    bot.on('message', onMessage);
    bot.on('friendship', onFriendship);
    bot.on('room-join', onRoomJoin);
    return () => {
      bot.off('message', onMessage);
      bot.off('friendship', onFriendship);
      bot.off('room-join', onRoomJoin);
    };
  };
}

type Capture = (contact: Contact, rep: Employee | null, via: ChatLeadVia) => Promise<void>;

async function captureFromMessage(msg: Message, deps: BotDeps, capture: Capture): Promise<void> {
  const room = msg.room();
  if (msg.self()) {
    // The rep wrote to a client first: that conversation counts too.
    const listener = msg.listener();
    if (room || !listener || !isClientContact(listener)) {
      return;
    }
    return capture(listener, privateChatRep(deps), 'chat');
  }
  const talker = msg.talker();
  if (!isClientContact(talker)) {
    return;
  }
  if (room) {
    return capture(talker, await groupRep(room, null, deps), 'group');
  }
  return capture(talker, privateChatRep(deps), 'chat');
}

async function captureFromFriendship(friendship: Friendship, deps: BotDeps, capture: Capture): Promise<void> {
  if (friendship.type() !== types.Friendship.Confirm) {
    return;
  }
  const contact = friendship.contact();
  if (!isClientContact(contact)) {
    return;
  }
  return capture(contact, privateChatRep(deps), 'friendship');
}

async function captureFromRoomJoin(
  room: Room,
  invitees: Contact[],
  inviter: Contact,
  deps: BotDeps,
  capture: Capture,
): Promise<void> {
  const clients = invitees.filter(isClientContact);
  if (clients.length === 0) {
    return;
  }
  const rep = await groupRep(room, inviter, deps);
  for (const client of clients) {
    await capture(client, rep, 'group');
  }
}
