import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { timeline } from '../shared/schema-builders.js';

// The audit trail of unmasking: each time sales ops or an admin reveals the contact details of a
// customer nobody owns (one customer at a time), who, which customer, when and why.

const contactDisclosureSchema = timeline(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
    customerName: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    employeeName: { type: String, required: true },
    reason: { type: String, required: true, maxlength: 200 },
  },
  'customerId',
  'employeeId',
);

export type ContactDisclosure = InferRawDocTypeFromSchema<typeof contactDisclosureSchema>;
export const ContactDisclosureModel = model('ContactDisclosure', contactDisclosureSchema, 'contact_disclosures');
