import type { Types } from 'mongoose';
import type { Config } from '../../config/config.js';
import { ChatLeadModel } from '../leads/chat-lead.model.js';
import { ChatMessageModel } from './chat-message.model.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';

// Chat archiving (会话存档) is off unless the company turns it on: client messages are personal
// data, and a lead needs only who talked to whom. The company setting wins over BOT_ARCHIVE_CHATS.

const SETTING_CACHE_MS = 60_000;
let cached: { enabled: boolean; until: number } | null = null;

export async function chatArchivingEnabled(config: Pick<Config, 'bot'>, now: Date): Promise<boolean> {
  if (cached && cached.until > now.getTime()) {
    return cached.enabled;
  }
  const settings = await CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { botArchiveChats: 1 }).lean();
  const enabled = settings?.botArchiveChats ?? config.bot.archiveChats;
  cached = { enabled, until: now.getTime() + SETTING_CACHE_MS };
  return enabled;
}

/** Forgets the cached setting (after ops changed it, and between tests). */
export function forgetChatArchivingSetting(): void {
  cached = null;
}

export interface ArchivedMessage {
  botName: string;
  messageId: string;
  contactKey: string;
  repId: Types.ObjectId | null;
  roomId: string | null;
  direction: 'in' | 'out';
  text: string;
  at: Date;
}

/** Stores one message of a client chat, once, linked to the customer its lead points at. */
export async function archiveChatMessage(m: ArchivedMessage): Promise<void> {
  const lead = await ChatLeadModel.findById(`${m.contactKey}|${m.repId ? String(m.repId) : 'none'}`, {
    contactId: 1,
    customerId: 1,
  }).lean();
  try {
    await ChatMessageModel.create({
      _id: `${m.botName}:${m.messageId}`,
      contactKey: m.contactKey,
      contactId: lead?.contactId ?? null,
      customerId: lead?.customerId ?? null,
      repId: m.repId,
      roomId: m.roomId,
      direction: m.direction,
      text: m.text.slice(0, 10_000),
      at: m.at,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
}
