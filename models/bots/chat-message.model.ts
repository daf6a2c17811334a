import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { timeline } from '../shared/schema-builders.js';

// Archived client chat messages (会话存档). Written only when the company enabled archiving
// (BOT_ARCHIVE_CHATS or the company setting); by default the bot stores no message text at all.

const chatMessageSchema = timeline(
  {
    /** `${botName}:${puppet message id}`, so a redelivered message is stored once. */
    _id: { type: String, required: true },
    contactKey: { type: String, required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', default: null },
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', default: null },
    /** The rep whose conversation it is. */
    repId: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    roomId: { type: String, default: null },
    /** 'in' from the client, 'out' from the rep's account. */
    direction: { type: String, enum: ['in', 'out'] as const, required: true },
    text: { type: String, default: '', maxlength: 10000 },
  },
  'customerId',
  'contactKey',
);

export type ChatMessage = InferRawDocTypeFromSchema<typeof chatMessageSchema>;
export const ChatMessageModel = model('ChatMessage', chatMessageSchema, 'chat_messages');
