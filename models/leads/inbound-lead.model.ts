import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { customerSources } from '../customers/customer.model.js';

// An inbound lead (官网线索 / 主动咨询) produced by marketing, and where it was routed: to the rep who
// staked the customer, to its owner, or to the public pool. The _id makes delivery idempotent.

export const leadRoutes = ['staker', 'owner', 'pool'] as const;
export type LeadRoute = (typeof leadRoutes)[number];

const inboundLeadSchema = new Schema(
  {
    /** `<source>:<id in the source system>`. */
    _id: { type: String, required: true },
    source: { type: String, enum: customerSources, required: true },
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
    /** Whether the lead created the customer (it was not known before). */
    createdCustomer: { type: Boolean, required: true },
    contactName: { type: String, default: '' },
    contactPhone: { type: String, default: '' },
    message: { type: String, default: '', maxlength: 2000 },
    route: { type: String, enum: leadRoutes, required: true },
    routedTo: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

inboundLeadSchema.index({ routedTo: 1, receivedAt: -1 });
inboundLeadSchema.index({ customerId: 1, receivedAt: -1 });
inboundLeadSchema.index({ receivedAt: -1 });

export type InboundLead = InferRawDocTypeFromSchema<typeof inboundLeadSchema>;
export const InboundLeadModel = model('InboundLead', inboundLeadSchema, 'inbound_leads');
