import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// What a conversation contact became for one rep: one document per (contact, rep), keyed so that
// repeated or concurrent messages from the same contact find it instead of creating a second lead.
// It holds identifiers only, never message text.

export const chatLeadOutcomes = [
  /** A new customer was created for the rep (or into the public pool when the rep was full). */
  'created',
  /** The contact's company already is the rep's customer. */
  'attached-own',
  /** The company is in the public pool: the rep may claim it. */
  'attached-public',
  /** The company belongs to another rep: nothing changed, the rep was told who owns it. */
  'owned-by-other',
] as const;
export type ChatLeadOutcome = (typeof chatLeadOutcomes)[number];

const chatLeadSchema = new Schema(
  {
    /** `${contactKey}|${repId or "none"}`. */
    _id: { type: String, required: true },
    /** `ext:<external_userid>` when the puppet exposes it, else `bot:<bot name>:<puppet contact id>`. */
    contactKey: { type: String, required: true },
    repId: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    status: { type: String, enum: ['processing', 'done'] as const, required: true },
    /** While processing: another message may take over after this, if the first handler died. */
    leaseUntil: { type: Date, default: null },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', default: null },
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', default: null },
    outcome: { type: String, enum: [...chatLeadOutcomes, null], default: null },
    /** How the conversation started: a private chat, a customer group, or an accepted friendship. */
    via: { type: String, enum: ['chat', 'group', 'friendship'] as const, required: true },
    /** The bot that saw it. */
    botName: { type: String, default: '' },
  },
  { timestamps: true, versionKey: false },
);

chatLeadSchema.index({ contactKey: 1 });
// A merge moves a customer's leads to its survivor.
chatLeadSchema.index({ customerId: 1 });
chatLeadSchema.index({ repId: 1, createdAt: -1 });

export type ChatLead = InferRawDocTypeFromSchema<typeof chatLeadSchema>;
export const ChatLeadModel = model('ChatLead', chatLeadSchema, 'chat_leads');
