import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// The audit trail of unmasking: each time sales ops or an admin reveals the contact details of a
// customer nobody owns (one customer at a time), who, which customer, when and why.

const contactDisclosureSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
    customerName: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    employeeName: { type: String, required: true },
    reason: { type: String, required: true, maxlength: 200 },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

contactDisclosureSchema.index({ customerId: 1, at: -1 });
contactDisclosureSchema.index({ employeeId: 1, at: -1 });

export type ContactDisclosure = InferRawDocTypeFromSchema<typeof contactDisclosureSchema>;
export const ContactDisclosureModel = model('ContactDisclosure', contactDisclosureSchema, 'contact_disclosures');
