import type { Types } from 'mongoose';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { ContactModel } from './contact.model.js';
import { keptUnderRulesVersion } from '../org/rules-version.js';
import { copyOf } from '../shared/group-commit.js';
import type { Customer } from './customer.model.js';

// Profile completeness (信息完整性): how much of the company's profile (客户画像) is filled in.

export interface ProfileField {
  key: string;
  label: string;
  weight: number;
}

/** Used until ops configure their own fields. Keys are customer fields, `profile.<key>`, or `contacts.*`. */
export const defaultProfileFields: ProfileField[] = [
  { key: 'industry', label: '行业', weight: 1 },
  { key: 'region', label: '地区', weight: 1 },
  { key: 'address', label: '地址', weight: 1 },
  { key: 'creditCode', label: '统一社会信用代码', weight: 1 },
  { key: 'boss', label: '老板/法人', weight: 1 },
  { key: 'phones', label: '公司电话', weight: 1 },
  { key: 'profile.scale', label: '公司规模', weight: 1 },
  { key: 'profile.mainBusiness', label: '主营业务', weight: 1 },
  { key: 'profile.budget', label: '预算', weight: 1 },
  { key: 'contacts.keyPerson', label: '关键决策人(KP)', weight: 2 },
];

export const DEFAULT_GREEN_COMPLETENESS = 80;

type ProfileSettings = { profileFields?: ProfileField[] | null; greenCompleteness?: number | null } | null;

// The company's profile settings, kept per process while the rules stamp holds (models/org/rules-version.ts:
// every company-settings write sets a new one), as the pool rules are: every customer created reads them.
const keptSettings = keptUnderRulesVersion((): Promise<ProfileSettings> =>
  CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { profileFields: 1, greenCompleteness: 1 })
    .lean<ProfileSettings>()
    .exec(),
);

async function profileSettings(): Promise<ProfileSettings> {
  return copyOf(await keptSettings());
}

export async function profileFields(): Promise<ProfileField[]> {
  const settings = await profileSettings();
  return settings?.profileFields?.length ? settings.profileFields : defaultProfileFields;
}

export async function greenCompleteness(): Promise<number> {
  const settings = await profileSettings();
  return settings?.greenCompleteness ?? DEFAULT_GREEN_COMPLETENESS;
}

function filled(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

export interface CompletenessResult {
  completeness: number;
  missing: string[];
}

/** Scores the profile 0–100 and lists the labels still missing. */
export async function profileCompleteness(
  customer: Pick<Customer, 'profile'> & Record<string, unknown> & { _id?: Types.ObjectId },
  fields?: ProfileField[],
): Promise<CompletenessResult> {
  const list = fields ?? (await profileFields());
  const total = list.reduce((sum, f) => sum + f.weight, 0);
  if (total === 0) {
    return { completeness: 100, missing: [] };
  }
  const profile: Record<string, unknown> =
    customer.profile instanceof Map
      ? Object.fromEntries(customer.profile as Map<string, unknown>)
      : ((customer.profile ?? {}) as Record<string, unknown>);
  let score = 0;
  const missing: string[] = [];
  for (const field of list) {
    let ok: boolean;
    if (field.key === 'contacts.keyPerson') {
      ok = customer._id
        ? (await ContactModel.exists({ customerId: customer._id, isKeyPerson: true, removedAt: null })) !== null
        : false;
    } else if (field.key.startsWith('profile.')) {
      ok = filled(profile[field.key.slice('profile.'.length)]);
    } else {
      ok = filled(customer[field.key]);
    }
    if (ok) {
      score += field.weight;
    } else {
      missing.push(field.label);
    }
  }
  return { completeness: Math.round((score / total) * 100), missing };
}
