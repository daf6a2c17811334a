import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { poolRulesOverrideSchema } from './department.model.js';
import { reviewSettingsSchema } from './review-settings.schema.js';
import { bumpsRulesVersion } from './rules-version.js';

// Per-company settings that ops can change at run time. One document, _id 'company'.

export const COMPANY_SETTINGS_ID = 'company';

const profileFieldSchema = new Schema(
  {
    key: { type: String, required: true },
    label: { type: String, required: true },
    /** Share of the completeness score this field carries. */
    weight: { type: Number, default: 1, min: 0 },
  },
  { _id: false },
);

const companySettingsSchema = new Schema(
  {
    _id: { type: String, default: COMPANY_SETTINGS_ID },
    /**
     * The pool rules of the server's environment (POOL_*), written at every server start: the company
     * defaults every process (server, CLI jobs, bot) applies, whatever its own environment says.
     */
    seededDefaults: { type: poolRulesOverrideSchema, default: undefined },
    /** Ops' changes on top of the defaults. */
    poolRules: { type: poolRulesOverrideSchema, default: () => ({}) },
    /** Customer profile fields (客户画像字段) counted by the completeness score. */
    profileFields: { type: [profileFieldSchema], default: undefined },
    /** Completeness (0–100) at which a staked customer counts as greened. */
    greenCompleteness: { type: Number, default: undefined, min: 0, max: 100 },
    /** Whether the bot archives the text of client chats; unset falls back to BOT_ARCHIVE_CHATS. */
    botArchiveChats: { type: Boolean, default: undefined },
    /** The department whose automatic assignment takes the company's new unowned leads; unset: they wait in the pool. */
    leadDepartmentId: { type: Number, default: null },
    /** Follow-up nudges and the evening review (models/org/review-settings.ts). */
    review: { type: reviewSettingsSchema, default: undefined },
  },
  { timestamps: true },
);

// The pool rules' company level: any write can change what a process has cached (models/org/rules-version.ts).
bumpsRulesVersion(companySettingsSchema);

export type CompanySettings = InferRawDocTypeFromSchema<typeof companySettingsSchema>;
export const CompanySettingsModel = model('CompanySettings', companySettingsSchema, 'company_settings');
