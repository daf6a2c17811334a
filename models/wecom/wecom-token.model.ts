import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// The WeCom access_token, shared by every server instance so they do not each call gettoken (which
// WeCom rate-limits). Server-side only; it expires within two hours.

const wecomTokenSchema = new Schema(
  {
    /** `${corpId}:${agentId}`: one token per app secret. */
    _id: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, timestamps: true },
);

export type WecomToken = InferRawDocTypeFromSchema<typeof wecomTokenSchema>;
export const WecomTokenModel = model('WecomToken', wecomTokenSchema, 'wecom_tokens');
