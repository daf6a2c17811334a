import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { embedded } from '../shared/schema-builders.js';

// A person at a customer (联系人); for WeCom contacts, one external contact (外部联系人).

/** Where a person sits on the customer's decision chain (决策链). */
export const contactRoles = ['decider', 'influencer', 'user', 'gatekeeper', 'champion', 'other'] as const;
export type ContactRole = (typeof contactRoles)[number];

const followUserSchema = embedded({
  employeeId: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
  /** WeCom userid of the member who added the contact. */
  userId: { type: String, required: true },
  remark: { type: String, default: '' },
  description: { type: String, default: '' },
  /** WeCom add_way (1 QR code, 2 phone search, …). */
  addWay: { type: Number, default: 0 },
  /** The contact-way state, recorded as the lead source. */
  state: { type: String, default: '' },
  tags: { type: [String], default: [] },
  addedAt: { type: Date, default: null },
  /** Set when the relation ended: by the member (del_external_contact) or the customer (del_follow_user). */
  removedAt: { type: Date, default: null },
  removedBy: { type: String, enum: ['member', 'customer', 'transfer', null], default: null },
});

const contactSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', default: null },
    /** WeCom external_userid (wm…); unset for contacts entered by hand. */
    externalUserId: { type: String, default: undefined },
    unionId: { type: String, default: undefined },
    name: { type: String, required: true, trim: true },
    /** 1 WeChat user, 2 WeCom user (WeCom external_contact.type); 0 entered by hand. */
    type: { type: Number, default: 0 },
    corpName: { type: String, default: '' },
    phones: { type: [String], default: [] },
    email: { type: String, default: '' },
    position: { type: String, default: '' },
    /** Role on the decision chain; null until someone says. */
    role: { type: String, enum: [...contactRoles, null], default: null },
    /** WeChat id (微信号) as the rep wrote it down. */
    wechat: { type: String, default: '' },
    /** Key decision maker (KP, 关键决策人). */
    isKeyPerson: { type: Boolean, default: false },
    followUsers: { type: [followUserSchema], default: [] },
    /** Set when every follow user lost the contact (流失). */
    lostAt: { type: Date, default: null },
    /** Removed from the customer's contacts by hand: hidden from its pages, kept for rulings and history. */
    removedAt: { type: Date, default: null },
    removedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);

contactSchema.index({ externalUserId: 1 }, { unique: true, sparse: true });
contactSchema.index({ unionId: 1 }, { sparse: true });
contactSchema.index({ customerId: 1 });
contactSchema.index({ phones: 1 });
contactSchema.index({ 'followUsers.userId': 1 });

export type Contact = InferRawDocTypeFromSchema<typeof contactSchema>;
export const ContactModel = model('Contact', contactSchema);
